/**
 * Buffered writing to stdout or a file with back-pressure: text is gathered into chunks and the
 * producer waits for the stream to drain, so a slow consumer never makes output pile up in memory.
 */

import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';

const CHUNK = 64 * 1024;

export class OutputStream {
  private pending: string[] = [];
  private size = 0;

  private constructor(
    private readonly stream: Writable,
    private readonly owned: boolean,
  ) {}

  /** Opens `path` now (so a bad path fails before any work), or writes to stdout. */
  static to(path: string | undefined, stdout: Writable): OutputStream {
    if (!path) return new OutputStream(stdout, false);
    return new OutputStream(createWriteStream('', { fd: openSync(path, 'w') }), true);
  }

  write = (text: string): void => {
    this.pending.push(text);
    this.size += text.length;
  };

  /** Hands buffered text to the stream once a chunk is full; waits while the stream is saturated. */
  async flushIfFull(): Promise<void> {
    if (this.size >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.owned) {
      this.stream.end();
      await once(this.stream, 'finish');
    }
  }
}
