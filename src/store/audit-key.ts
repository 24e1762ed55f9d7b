/**
 * The audit trail's anchor (docs/decisions/0011): a key kept outside the database (TRIALKIT_AUDIT_KEY
 * or its key file, src/store/environment.ts) with which each event's place and hash are MACed
 * (HMAC-SHA256, RFC 2104) as the event is written, and checkpoints exported to files are signed. The
 * SHA-256 chain alone can be recomputed by anyone who can write the table; a MAC cannot be made without
 * the key, and since each event's hash covers every event before it, one valid MAC vouches for the
 * whole trail up to its event.
 *
 * The configured key is not used directly: HKDF-SHA256 (RFC 5869) derives one key per purpose, so an
 * event's MAC can never be passed off as a checkpoint's or the reverse.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const MIN_AUDIT_KEY_BYTES = 32;

const derive = (key: Buffer, purpose: string): Buffer =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `trialkit audit v1 ${purpose}`, 32));

const hmac = (key: Buffer, text: string): string => createHmac('sha256', key).update(text).digest('hex');

export class AuditKey {
  readonly #events: Buffer;
  readonly #checkpoints: Buffer;

  constructor(key: Buffer) {
    if (key.length < MIN_AUDIT_KEY_BYTES)
      throw new Error(`the audit key has ${key.length} bytes; at least ${MIN_AUDIT_KEY_BYTES} are needed`);
    this.#events = derive(key, 'event');
    this.#checkpoints = derive(key, 'checkpoint');
  }

  /** The MAC of the event at `seq` whose chained hash is `sha256`. */
  eventMac(seq: number, sha256: string): string {
    return hmac(this.#events, `${seq}\n${sha256}`);
  }

  /** The MAC of a checkpoint's canonical text (everything in the file but the MAC). */
  checkpointMac(text: string): string {
    return hmac(this.#checkpoints, text);
  }

  /** Compares in constant time (a MAC checked byte by byte would leak how much of a guess was right). */
  static same(a: string, b: string | null | undefined): boolean {
    if (typeof b !== 'string' || a.length !== b.length) return false;
    return timingSafeEqual(Buffer.from(a), Buffer.from(b));
  }
}
