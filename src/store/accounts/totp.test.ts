/**
 * TOTP against its RFCs: the SHA-1 vectors of RFC 6238 Appendix B, the base32 vectors of RFC 4648 §10,
 * and the verifier's window of one 30-second step either side (RFC 6238 §5.2, §6).
 */
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, newTotpSecret, totpAt, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B: the SHA-1 seed is the 20 ASCII bytes "12345678901234567890", 8-digit codes.
const RFC6238_KEY = Buffer.from('12345678901234567890', 'ascii');
const RFC6238_SHA1: [unixSeconds: number, code: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

// RFC 4648 §10, with the trailing "=" padding left off (otpauth:// URIs carry none).
const RFC4648_BASE32: [text: string, encoded: string][] = [
  ['', ''],
  ['f', 'MY'],
  ['fo', 'MZXQ'],
  ['foo', 'MZXW6'],
  ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI'],
];

describe('hotp (RFC 4226) under RFC 6238 time steps', () => {
  it.each(RFC6238_SHA1)('RFC 6238 Appendix B, SHA-1, T = %i s → %s', (seconds, code) => {
    expect(hotp(RFC6238_KEY, Math.floor(seconds / 30), 8)).toBe(code);
  });

  it('totpAt reads the same vectors from the base32 form of the key', () => {
    const secret = base32Encode(RFC6238_KEY);
    for (const [seconds, code] of RFC6238_SHA1)
      expect(totpAt(secret, new Date(seconds * 1000), 8)).toBe(code);
  });

  it('6 digits are the last 6 of the 8 (RFC 4226 §5.3: the same truncated value mod 10^6)', () => {
    expect(hotp(RFC6238_KEY, 1, 6)).toBe('287082');
  });
});

describe('base32 (RFC 4648 §6)', () => {
  it.each(RFC4648_BASE32)('"%s" ↔ "%s"', (text, encoded) => {
    expect(base32Encode(Buffer.from(text, 'ascii'))).toBe(encoded);
    expect(base32Decode(encoded).toString('ascii')).toBe(text);
  });

  it('decodes padded and lower-case input', () => {
    expect(base32Decode('MZXW6YQ=').toString('ascii')).toBe('foob');
    expect(base32Decode('mzxw6ytboi').toString('ascii')).toBe('foobar');
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow('invalid character "1"');
  });

  it('round-trips random secrets of 20 bytes (160 bits, RFC 4226 §4 R6)', () => {
    for (let i = 0; i < 20; i++) {
      const secret = newTotpSecret();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(base32Encode(base32Decode(secret))).toBe(secret);
    }
  });
});

describe('verifyTotp', () => {
  const secret = base32Encode(RFC6238_KEY);
  // Mid-step, so that ± 30 s lands squarely in the neighbouring steps.
  const now = new Date('2026-03-30T14:00:15Z');
  const codeAt = (stepOffset: number) => totpAt(secret, new Date(now.getTime() + stepOffset * 30_000));

  it('accepts the current step and one step either side (clock drift, RFC 6238 §6)', () => {
    for (const offset of [-1, 0, 1]) expect(verifyTotp(secret, codeAt(offset), now)).toBe(true);
  });

  it('refuses codes two steps away', () => {
    for (const offset of [-2, 2]) expect(verifyTotp(secret, codeAt(offset), now)).toBe(false);
  });

  it('refuses anything but exactly 6 digits', () => {
    const code = codeAt(0);
    const eight = totpAt(secret, now, 8);
    expect(eight.endsWith(code)).toBe(true);
    for (const bad of [eight, code.slice(1), ` ${code}`, `${code.slice(0, 5)}x`, '', '１２３４５６'])
      expect(verifyTotp(secret, bad, now)).toBe(false);
  });

  it('refuses a code of another secret', () => {
    expect(verifyTotp(newTotpSecret(), codeAt(0), now)).toBe(false);
  });
});
