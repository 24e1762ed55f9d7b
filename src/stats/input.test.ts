import { describe, expect, it } from 'vitest';
import { survivalOrder } from './input.ts';

/** The order by a comparator sort: stratum, time, events before censorings, then input order. */
function reference(time: Float64Array, event: Uint8Array, stratum?: Int32Array): number[] {
  return Array.from(time, (_, i) => i).sort(
    (a, b) =>
      (stratum ? (stratum[a] as number) - (stratum[b] as number) : 0) ||
      (time[a] as number) - (time[b] as number) ||
      (event[b] as number) - (event[a] as number) ||
      a - b,
  );
}

describe('survivalOrder', () => {
  it('orders by stratum, time, events first, stably — as a comparator sort does', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(random() * 40);
      const time = Float64Array.from({ length: n }, () => Math.floor(random() * 8) / 2);
      const event = Uint8Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
      const stratum = trial % 2 ? Int32Array.from({ length: n }, () => Math.floor(random() * 4)) : undefined;
      expect(Array.from(survivalOrder(time, event, stratum))).toEqual(reference(time, event, stratum));
    }
  });

  it('handles as many strata as pairs of rows without memory growing with strata × times', () => {
    const n = 200_000;
    const time = Float64Array.from({ length: n }, (_, i) => i);
    const event = new Uint8Array(n).fill(1);
    const stratum = Int32Array.from({ length: n }, (_, i) => i >> 1);
    const order = survivalOrder(time, event, stratum);
    expect(order[0]).toBe(0);
    expect(order[n - 1]).toBe(n - 1);
  });
});
