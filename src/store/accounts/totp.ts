/**
 * Time-based one-time passwords (RFC 6238, HMAC-SHA1, 30-second steps, 6 digits — what every
 * authenticator app reads from an otpauth:// URI), with the RFC 4648 base32 the URI carries. Small and
 * fixed by the RFCs, so written here rather than added as a dependency; tested on RFC 6238's vectors.
 * Here in the store beside the passwords: the server's sign-in and the CLI's both check codes with it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const index = BASE32.indexOf(ch);
    if (index < 0) throw new Error(`base32: invalid character "${ch}"`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 4226 HOTP value for one counter (RFC 6238 uses counter = floor(unix time / 30)). */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

export const totpAt = (secretBase32: string, at: Date, digits = 6): string =>
  hotp(base32Decode(secretBase32), Math.floor(at.getTime() / 30_000), digits);

/** The time step whose code this is — the current one or one either side (clock drift, RFC 6238 §6) — or null. */
export function matchTotp(secretBase32: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const step = Math.floor(at.getTime() / 30_000);
  const key = base32Decode(secretBase32);
  for (const d of [-1, 0, 1])
    if (timingSafeEqual(Buffer.from(hotp(key, step + d)), Buffer.from(code))) return step + d;
  return null;
}

export const verifyTotp = (secretBase32: string, code: string, at: Date): boolean =>
  matchTotp(secretBase32, code, at) !== null;

export const newTotpSecret = (): string => base32Encode(randomBytes(20));

export const otpauthUri = (secret: string, username: string): string =>
  `otpauth://totp/trialkit:${encodeURIComponent(username)}?secret=${secret}&issuer=trialkit&algorithm=SHA1&digits=6&period=30`;
