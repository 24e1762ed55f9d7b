/**
 * R's timefix on the rows of the km-edge-cases `timefix` case (test/fixtures/r-extra, where the
 * curves are checked against survfit): 1 and 1 + 1e-9 tie; 2, 2 + 1e-8, 2 + 2e-8, 2 + 3e-8 chain into
 * one time; 100 and 100 + 1e-6 stay apart (1e-6 / mean|y| ≈ 5e-8 > √ε ≈ 1.5e-8); 0.1 + 0.2 and 0.3
 * tie. Each run becomes its smallest time, whichever entry point the caller uses.
 */
import { describe, expect, it } from 'vitest';
import { survivalOrder } from './input.ts';
import { mergeNearTimes, timefixSorted } from './timefix.ts';

const time = Float64Array.of(1, 1 + 1e-9, 2, 2 + 1e-8, 2 + 2e-8, 2 + 3e-8, 100, 100 + 1e-6, 0.1 + 0.2, 0.3);
const merged = [1, 1, 2, 2, 2, 2, 100, 100 + 1e-6, 0.3, 0.3];

describe('timefix (R aeqSurv)', () => {
  it('merges runs of near-equal times into their smallest, in row order', () => {
    expect(Array.from(mergeNearTimes(time) ?? [])).toEqual(merged);
    const order = survivalOrder(time, new Uint8Array(time.length));
    expect(Array.from(mergeNearTimes(time, order) ?? [])).toEqual(merged);
  });

  it('keeps sorted times sorted, repeats included', () => {
    const sorted = Float64Array.from([...time, 2, 0.3]).sort();
    expect(Array.from(timefixSorted(sorted))).toEqual([...merged, 2, 0.3].sort((a, b) => a - b));
  });

  it('changes nothing when no times are near-equal (the same array, or null)', () => {
    const apart = Float64Array.of(3, 1, 2, 1, 100);
    expect(mergeNearTimes(apart)).toBeNull();
    const sorted = Float64Array.from(apart).sort();
    expect(timefixSorted(sorted)).toBe(sorted);
  });
});
