import { describe, expect, it } from 'vitest';
import { formatBreaks, linearScale, niceBreaks, timeBreaks } from './scales.ts';

describe('niceBreaks (1-2-5 series)', () => {
  it.each([
    [0, 23.4, 6, [0, 5, 10, 15, 20, 25]],
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 60, 6, [0, 10, 20, 30, 40, 50, 60]],
    [0, 365, 6, [0, 50, 100, 150, 200, 250, 300, 350, 400]],
    [0, 1826, 6, [0, 500, 1000, 1500, 2000]],
    [0, 0.37, 6, [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4]],
    [-3.2, 7.9, 6, [-4, -2, 0, 2, 4, 6, 8]],
  ])('[%d, %d] with about %d intervals → %j', (min, max, target, expected) => {
    expect(niceBreaks(min, max, target)).toEqual(expected);
  });

  it('on a tie between two steps takes the finer one (0–36: step 5, not 10)', () => {
    expect(niceBreaks(0, 36, 6)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
  });

  it('gives breaks without floating-point noise', () => {
    for (const b of niceBreaks(0, 0.7, 7)) expect(String(b).length).toBeLessThanOrEqual(4);
  });

  it('gives a zero-length range one unit', () => {
    expect(niceBreaks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('rejects a reversed or non-finite range', () => {
    expect(() => niceBreaks(5, 1)).toThrow(RangeError);
    expect(() => niceBreaks(0, Number.NaN)).toThrow(RangeError);
  });
});

describe('timeBreaks', () => {
  it('ends at the first round break at or after the last time', () => {
    expect(timeBreaks(23.4)).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it('stays within an explicit xMax', () => {
    expect(timeBreaks(23.4, 24)).toEqual([0, 5, 10, 15, 20]);
    expect(timeBreaks(100, 24).at(-1)).toBeLessThanOrEqual(24);
  });
});

describe('formatBreaks', () => {
  it('prints all labels with as many decimals as the breaks need', () => {
    expect(formatBreaks([0, 0.25, 0.5, 0.75, 1])).toEqual(['0.00', '0.25', '0.50', '0.75', '1.00']);
    expect(formatBreaks([0, 0.2, 1])).toEqual(['0.0', '0.2', '1.0']);
    expect(formatBreaks([0, 50, 100])).toEqual(['0', '50', '100']);
  });
});

describe('linearScale', () => {
  it('maps the domain ends to the range ends, reversed ranges included', () => {
    const y = linearScale(0, 1, 400, 100);
    expect([y(0), y(0.5), y(1)]).toEqual([400, 250, 100]);
  });
});
