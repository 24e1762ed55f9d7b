/**
 * check:crash's seeded choices (the order of writes, when to kill, the corrected initials): mulberry32,
 * a small 32-bit generator — enough to repeat a run's plan with `--seed`, and nothing to do with the
 * allocation lists' cryptographic generator. (The moment a kill lands between requests still depends
 * on timing, so a seed repeats the plan, not every acknowledgement.)
 */
export interface Rng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [low, high]. */
  between(low: number, high: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
}

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  return {
    next,
    between,
    pick: (items) => items[between(0, items.length - 1)] as (typeof items)[number],
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = between(0, i);
        [items[i], items[j]] = [items[j] as (typeof items)[number], items[i] as (typeof items)[number]];
      }
      return items;
    },
  };
}
