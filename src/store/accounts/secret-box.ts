/**
 * Secrets the server must read back (TOTP seeds) are stored encrypted: AES-256-GCM (NIST SP 800-38D)
 * under a key that lives outside the database (TRIALKIT_SECRETS_KEY or its key file,
 * src/store/environment.ts), so a copy of the database — a backup, a dump, a read-only replica — does
 * not hand out anyone's second factor. Each value is bound to what it is for (the additional
 * authenticated data, e.g. `totp:<user id>`): a sealed value copied to another user's row does not open.
 *
 * The configured key is not used directly: HKDF-SHA256 (RFC 5869) derives one key to encrypt and one
 * to fingerprint, so the fingerprint kept in the database says nothing about the encryption key.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export const MIN_SECRETS_KEY_BYTES = 32;
const VERSION = 'v1';
const IV_BYTES = 12; // GCM's recommended nonce length (SP 800-38D §8.2.2); random per value
const TAG_BYTES = 16;

const derive = (key: Buffer, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `trialkit secret-box ${VERSION} ${info}`, 32));

export class SecretBox {
  readonly #encryption: Buffer;
  readonly #fingerprint: Buffer;

  constructor(key: Buffer) {
    if (key.length < MIN_SECRETS_KEY_BYTES)
      throw new Error(
        `the secrets key has ${key.length} bytes; at least ${MIN_SECRETS_KEY_BYTES} are needed`,
      );
    this.#encryption = derive(key, 'aes-256-gcm');
    this.#fingerprint = derive(key, 'fingerprint');
  }

  /** A sealed value is `v1.<iv>.<ciphertext>.<tag>` (base64url); a TOTP seed is base32, so never one. */
  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}.`);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#encryption, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plaintext; throws when the value was sealed under another key or context, or was altered. */
  open(sealed: string, context: string): string {
    const [version, iv, ciphertext, tag, ...rest] = sealed.split('.');
    if (
      version !== VERSION ||
      iv === undefined ||
      ciphertext === undefined ||
      tag === undefined ||
      rest.length
    )
      throw new Error('not a sealed secret');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#encryption, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // Never the value itself: it is a secret, and the message may reach a log.
      throw new Error('a sealed secret could not be opened: another secrets key, or an altered value');
    }
  }

  /** Stored in the database to recognise the key later; says nothing about the key. */
  fingerprint(): string {
    return createHmac('sha256', this.#fingerprint).update('trialkit secrets key fingerprint').digest('hex');
  }
}
