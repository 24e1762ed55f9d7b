/**
 * Buffered writing to stdout or a file with back-pressure: text (or UTF-8 bytes) is gathered into
 * chunks and the producer waits for the stream to drain, so a slow consumer never makes output pile
 * up in memory.
 */

import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';

const CHUNK = 64 * 1024;

export class OutputStream {
  private pending: Array<string | Uint8Array> = [];
  private size = 0;
  /** Whether `pending` holds bytes (UTF-8, from worker threads) as well as text. */
  private bytes = false;
  /** To call once what is pending now has been written (see afterWritten). */
  private callbacks: Array<() => void> = [];

  private constructor(
    private readonly stream: Writable,
    private readonly owned: boolean,
  ) {}

  /** Opens `path` now (so a bad path fails before any work), or writes to stdout. */
  static to(path: string | undefined, stdout: Writable): OutputStream {
    if (!path) return new OutputStream(stdout, false);
    return new OutputStream(createWriteStream('', { fd: openSync(path, 'w') }), true);
  }

  write = (chunk: string | Uint8Array): void => {
    this.pending.push(chunk);
    this.size += chunk.length;
    if (typeof chunk !== 'string') this.bytes = true;
  };

  /**
   * Calls `callback` once everything given to write() so far has been written out by the stream —
   * the moment bytes borrowed from shared memory may be reused (parallel/output-ring.ts).
   */
  afterWritten(callback: () => void): void {
    this.callbacks.push(callback);
  }

  /** Hands buffered text to the stream once a chunk is full; waits while the stream is saturated. */
  async flushIfFull(): Promise<void> {
    if (this.size >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0 && this.callbacks.length === 0) return;
    const pending = this.pending;
    const bytes = this.bytes;
    const callbacks = this.callbacks;
    this.pending = [];
    this.size = 0;
    this.bytes = false;
    this.callbacks = [];
    // A stream calls a write's callback after that write and every one before it.
    const written =
      callbacks.length === 0
        ? undefined
        : () => {
            for (const callback of callbacks) callback();
          };
    let ok: boolean;
    if (bytes) {
      // Bytes from worker threads go out as they are, in one vectored write: no copying together.
      this.stream.cork();
      const last = pending.length - 1;
      for (let i = 0; i <= last; i++)
        this.stream.write(pending[i] as string | Uint8Array, i === last ? written : undefined);
      this.stream.uncork();
      ok = !this.stream.writableNeedDrain;
    } else {
      ok = this.stream.write(pending.join(''), written);
    }
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.owned) {
      this.stream.end();
      await once(this.stream, 'finish');
    }
  }
}
