/**
 * Where the workers put the patients' formatted texts for the main thread to write: slots in one
 * SharedArrayBuffer, made once per run. A fresh buffer per batch, moved to the main thread, would be
 * external memory there, and V8 answers every ~64 MB of it with a full mark-compact of the main
 * thread's heap — about one every 200 ms at full speed, ~1 s of CPU taken from the workers over a
 * 20,000-patient run (docs/decisions/0005-parallel-screening.md).
 *
 * A slot is claimed by a worker (compare-and-swap, so two workers never take the same one), filled,
 * handed over by message, and released by the main thread only once the output stream has written
 * its bytes. No slot free, or a batch's text larger than a slot: the worker uses a private buffer and
 * moves it to the main thread as before — slower, never wrong.
 */

const FREE = 0;
const TAKEN = 1;

/** What a worker needs to use a ring the main thread made. */
export interface RingLayout {
  shared: SharedArrayBuffer;
  slots: number;
  slotBytes: number;
}

/** A batch's texts: in a slot of the ring, or in a buffer of their own (moved to the main thread). */
export type BatchBytes = { slot: number; length: number } | { bytes: Uint8Array };

export class OutputRing {
  private readonly states: Int32Array;
  private readonly data: Buffer;
  private next = 0;

  private constructor(readonly layout: RingLayout) {
    this.states = new Int32Array(layout.shared, 0, layout.slots);
    this.data = Buffer.from(layout.shared, statesBytes(layout.slots), layout.slots * layout.slotBytes);
  }

  /** On the main thread: a ring of `slots` slots of `slotBytes` each, all free. */
  static create(slots: number, slotBytes: number): OutputRing {
    const shared = new SharedArrayBuffer(statesBytes(slots) + slots * slotBytes);
    return new OutputRing({ shared, slots, slotBytes });
  }

  /** On a worker: the ring the main thread made. */
  static attach(layout: RingLayout): OutputRing {
    return new OutputRing(layout);
  }

  /** Takes a free slot for this thread, or undefined when every slot is in use. */
  claim(): number | undefined {
    const { slots } = this.layout;
    for (let tried = 0; tried < slots; tried++) {
      const slot = this.next;
      this.next = (this.next + 1) % slots;
      if (Atomics.compareExchange(this.states, slot, FREE, TAKEN) === FREE) return slot;
    }
    return undefined;
  }

  /** The whole of a slot's memory, to write into (worker) or read from (main thread). */
  slot(slot: number): Buffer {
    const start = slot * this.layout.slotBytes;
    return this.data.subarray(start, start + this.layout.slotBytes);
  }

  /** Gives a slot back; its bytes must not be used afterwards. */
  release(slot: number): void {
    Atomics.store(this.states, slot, FREE);
  }

  /** How many slots are in use (for tests). */
  taken(): number {
    let n = 0;
    for (let slot = 0; slot < this.layout.slots; slot++) if (Atomics.load(this.states, slot) === TAKEN) n++;
    return n;
  }
}

/** The slot states, rounded up to a cache line so the texts do not share one with them. */
function statesBytes(slots: number): number {
  return Math.ceil((slots * Int32Array.BYTES_PER_ELEMENT) / 64) * 64;
}

/**
 * A worker's texts of one batch, appended in order: into a slot of the ring while they fit, else into
 * a private buffer (the slot's texts copied over and the slot given back at once).
 */
export class BatchWriter {
  private slot: number | undefined;
  private buffer: Buffer | undefined;
  private bytes = 0;

  constructor(private readonly ring: OutputRing) {}

  /** Appends `text` as UTF-8; returns the end of what has been written so far. */
  write(text: string): number {
    if (this.buffer === undefined) this.start();
    const length = Buffer.byteLength(text);
    const buffer = this.buffer as Buffer;
    if (this.bytes + length > buffer.length) this.grow(this.bytes + length);
    this.bytes += (this.buffer as Buffer).write(text, this.bytes);
    return this.bytes;
  }

  /** The batch's bytes, and what to transfer with the reply. */
  finish(): { output: BatchBytes; transfer: ArrayBuffer[] } {
    if (this.slot !== undefined) return { output: { slot: this.slot, length: this.bytes }, transfer: [] };
    const bytes =
      this.buffer === undefined ? new Uint8Array(0) : new Uint8Array(this.buffer.buffer, 0, this.bytes);
    return { output: { bytes }, transfer: this.buffer === undefined ? [] : [bytes.buffer as ArrayBuffer] };
  }

  private start(): void {
    this.slot = this.ring.claim();
    this.buffer = this.slot === undefined ? Buffer.allocUnsafeSlow(PRIVATE_BYTES) : this.ring.slot(this.slot);
  }

  private grow(needed: number): void {
    const old = this.buffer as Buffer;
    const bigger = Buffer.allocUnsafeSlow(Math.max(old.length * 2, needed));
    old.copy(bigger, 0, 0, this.bytes);
    if (this.slot !== undefined) this.ring.release(this.slot);
    this.slot = undefined;
    this.buffer = bigger;
  }
}

/** A private buffer's first size (a batch of about 2 MB of input gives about 300 KB of ndjson). */
const PRIVATE_BYTES = 512 * 1024;
