/**
 * The only source of randomness of the engine: a deterministic stream of bits derived from the
 * trial's secret seed, so that a list or an allocation can be regenerated and audited from the seed.
 *
 * Construction: HMAC-SHA256 in counter mode (after the KDF in counter mode of NIST SP 800-108r1), keyed by
 * the seed; the message is the JSON array [domain, purpose, label, counter], so streams of different
 * purposes (permuted blocks, minimization, rehearsal subjects) and labels (a stratum, a sequence
 * number) never share bits, and one stratum's list does not depend on which other strata exist.
 * Integers are drawn by rejection sampling, so no outcome is favoured by modulo bias.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { InputError } from '../contracts/index.ts';

/** Names the generator in lists it produces; change it whenever the bits or their use change. */
export const ALGORITHM = 'trialkit-hmac-sha256-ctr-v1';

/** 128 bits: the least a seed may carry, too many to enumerate, so nobody can recover a list by trying seeds. */
export const MIN_SEED_HEX_CHARS = 32;

const TWO_POW_32 = 2 ** 32;
const TWO_POW_53 = 2 ** 53;

/** A fresh 256-bit seed as 64 lowercase hex characters (the only non-deterministic function here). */
export function newSeed(): string {
  return randomBytes(32).toString('hex');
}

/** Checks a seed (hex text of ≥ 128 bits, whole bytes) and returns its bytes; case does not matter. */
export function seedBytes(seed: unknown, field = 'seed'): Buffer {
  const expected = `a hex string of at least ${MIN_SEED_HEX_CHARS} characters (128 bits), an even number of characters`;
  if (typeof seed !== 'string' || !/^[0-9a-fA-F]*$/.test(seed)) {
    throw new InputError({ path: field, expected, value: seed });
  }
  if (seed.length < MIN_SEED_HEX_CHARS || seed.length % 2 !== 0) {
    throw new InputError({
      path: field,
      expected,
      value: `${seed.length} hex characters (${seed.length * 4} bits)`,
    });
  }
  return Buffer.from(seed, 'hex');
}

/** A deterministic random stream for one purpose and label; see the file comment. */
export class RandomStream {
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

  constructor(
    private readonly key: Buffer,
    private readonly purpose: string,
    private readonly label: string,
  ) {}

  /** The next 32 uniformly random bits as an unsigned integer. */
  nextUint32(): number {
    if (this.offset + 4 > this.block.length) {
      const message = JSON.stringify(['trialkit/randomization', this.purpose, this.label, this.counter]);
      this.block = createHmac('sha256', this.key).update(message, 'utf8').digest();
      this.counter += 1;
      this.offset = 0;
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /**
   * A uniform integer in [0, n), 1 ≤ n ≤ 2^32. Values of the last incomplete run of n in [0, 2^32) are
   * rejected and redrawn: plain `x % n` would favour small results whenever n does not divide 2^32.
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) throw new RangeError(`nextInt(${n})`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** A uniform number in [0, 1) on the 2^-53 grid, so `nextUnit() < p` has probability p to within 2^-53. */
  nextUnit(): number {
    const high = this.nextUint32() >>> 11; // 21 bits
    const low = this.nextUint32(); // 32 bits
    return (high * TWO_POW_32 + low) / TWO_POW_53;
  }

  /** Shuffles `items` in place with Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm P): every order equally likely. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = items[i] as T;
      items[i] = items[j] as T;
      items[j] = swap;
    }
    return items;
  }
}
