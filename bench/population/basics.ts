/** The seeded randomness, dates and small value helpers the generated population is built from. */

/** mulberry32: a small, fast, seedable PRNG (public domain). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const INDEX_DATE = '2026-03-30';

export function day(offset: number): string {
  const d = new Date(Date.UTC(2026, 2, 30 + offset));
  return d.toISOString().slice(0, 10);
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function lesionSize(mm: number, inCentimetres: boolean): object {
  const unit = inCentimetres ? 'cm' : 'mm';
  return {
    value: round(inCentimetres ? mm / 10 : mm, 1),
    unit,
    system: 'http://unitsofmeasure.org',
    code: unit,
  };
}

/** A UUID-shaped id from the seeded generator (Bulk exports identify everything by UUID). */
export function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}
