import { describe, expect, it } from 'vitest';
import { BatchWriter, OutputRing } from './output-ring.ts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

function bytesOf(ring: OutputRing, writer: BatchWriter): { bytes: Uint8Array; slot?: number } {
  const { output, transfer } = writer.finish();
  if ('slot' in output) {
    expect(transfer).toEqual([]);
    return { bytes: ring.slot(output.slot).subarray(0, output.length), slot: output.slot };
  }
  expect(transfer).toEqual(output.bytes.length === 0 ? [] : [output.bytes.buffer]);
  return { bytes: output.bytes };
}

describe('OutputRing and BatchWriter', () => {
  it('puts a batch in a free slot, returns each text’s end, and frees the slot on release', () => {
    const ring = OutputRing.create(2, 64);
    const writer = new BatchWriter(ring);
    expect(writer.write('{"a":1}\n')).toBe(8);
    expect(writer.write('{"é":2}\n')).toBe(17); // é is two bytes
    const { bytes, slot } = bytesOf(ring, writer);
    expect(slot).toBeDefined();
    expect(text(bytes)).toBe('{"a":1}\n{"é":2}\n');
    expect(ring.taken()).toBe(1);
    ring.release(slot as number);
    expect(ring.taken()).toBe(0);
  });

  it('never hands out a slot twice, and uses a buffer of its own when every slot is taken', () => {
    const ring = OutputRing.create(2, 64);
    const first = new BatchWriter(ring);
    const second = new BatchWriter(ring);
    const third = new BatchWriter(ring);
    first.write('one');
    second.write('two');
    third.write('three');
    const a = bytesOf(ring, first);
    const b = bytesOf(ring, second);
    const c = bytesOf(ring, third);
    expect(a.slot).not.toBe(b.slot);
    expect(c.slot).toBeUndefined();
    expect([text(a.bytes), text(b.bytes), text(c.bytes)]).toEqual(['one', 'two', 'three']);
    // Once a slot is given back, the next batch gets it.
    ring.release(a.slot as number);
    const fourth = new BatchWriter(ring);
    fourth.write('four');
    expect(bytesOf(ring, fourth).slot).toBe(a.slot);
  });

  it('moves a batch larger than a slot to a buffer of its own and gives the slot back at once', () => {
    const ring = OutputRing.create(1, 16);
    const writer = new BatchWriter(ring);
    writer.write('0123456789');
    expect(ring.taken()).toBe(1);
    expect(writer.write('abcdefghij')).toBe(20);
    expect(ring.taken()).toBe(0);
    const { bytes, slot } = bytesOf(ring, writer);
    expect(slot).toBeUndefined();
    expect(text(bytes)).toBe('0123456789abcdefghij');
  });

  it('grows a buffer of its own past its first size, and handles an empty batch', () => {
    const full = OutputRing.create(1, 8);
    full.claim();
    const writer = new BatchWriter(full);
    writer.write('x'.repeat(300_000)); // grows past its first size
    expect(text(bytesOf(full, writer).bytes)).toBe('x'.repeat(300_000));
    const ring = OutputRing.create(1, 8);
    expect(bytesOf(ring, new BatchWriter(ring)).bytes.length).toBe(0);
    expect(ring.taken()).toBe(0);
  });

  it('shares its slots with a ring attached elsewhere (as a worker attaches the main thread’s)', () => {
    const main = OutputRing.create(1, 32);
    const worker = OutputRing.attach(main.layout);
    const writer = new BatchWriter(worker);
    writer.write('from the worker');
    const { output } = writer.finish();
    if (!('slot' in output)) throw new Error('expected a slot');
    expect(text(main.slot(output.slot).subarray(0, output.length))).toBe('from the worker');
    expect(main.taken()).toBe(1);
    expect(new BatchWriter(worker).write('no room') > 0 && worker.taken()).toBe(1);
    main.release(output.slot);
    expect(worker.taken()).toBe(0);
  });
});
