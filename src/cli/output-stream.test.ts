import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputStream } from './output-stream.ts';

/** A stream that completes each write only when told to, like a slow pipe. */
function slowStream(): { stream: Writable; written: string[]; complete: () => void } {
  const written: string[] = [];
  const waiting: Array<() => void> = [];
  const stream = new Writable({
    highWaterMark: 16,
    writev(chunks, callback) {
      written.push(chunks.map(({ chunk }) => Buffer.from(chunk).toString('utf8')).join(''));
      waiting.push(callback);
    },
  });
  return { stream, written, complete: () => waiting.shift()?.() };
}

describe('OutputStream', () => {
  it('calls afterWritten callbacks only once the stream has written what came before them', async () => {
    const { stream, written, complete } = slowStream();
    const output = OutputStream.to(undefined, stream);
    const calls: string[] = [];
    output.write('a');
    output.write(Buffer.from('b'));
    output.afterWritten(() => calls.push('after a, b'));
    const flushed = output.flush();
    expect(written).toEqual(['ab']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]); // handed to the stream, not yet written
    complete();
    await flushed;
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['after a, b']);

    output.write('c');
    output.afterWritten(() => calls.push('after c'));
    const closed = output.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['after a, b']);
    complete();
    await closed;
    expect(calls).toEqual(['after a, b', 'after c']);
  });

  it('writes text alone as one string', async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        chunks.push(Buffer.from(chunk).toString('utf8'));
        callback();
      },
    });
    const output = OutputStream.to(undefined, stream);
    output.write('x');
    output.write('y');
    let after = false;
    output.afterWritten(() => {
      after = true;
    });
    await output.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['xy']);
    expect(after).toBe(true);
  });
});
