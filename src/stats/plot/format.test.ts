import { describe, expect, it } from 'vitest';
import { formatHazardRatio, formatPValue, formatRatio, formatTime } from './format.ts';

describe('formatPValue', () => {
  it.each([
    [0.0013, 'p = 0.0013'],
    [0.04567, 'p = 0.046'],
    [0.5, 'p = 0.50'],
    [1, 'p = 1.0'],
    [0.00012, 'p = 0.00012'],
    [0.0001, 'p = 0.00010'],
    [0.000099, 'p < 0.0001'],
    [0, 'p < 0.0001'],
  ])('%d → "%s" (2 significant digits, floor 0.0001)', (p, expected) => {
    expect(formatPValue(p)).toBe(expected);
  });
});

describe('formatHazardRatio', () => {
  it('prints the estimate and interval to 2 decimals with an en dash', () => {
    expect(formatHazardRatio({ estimate: 0.5834, lower: 0.4149, upper: 0.8012 })).toBe(
      'HR 0.58 (95% CI 0.41–0.80)',
    );
  });

  it('names a confidence level other than 95%', () => {
    expect(formatHazardRatio({ estimate: 1.2, lower: 1.01, upper: 1.43, level: 0.9 })).toBe(
      'HR 1.20 (90% CI 1.01–1.43)',
    );
  });

  it('keeps 3 significant digits for very small or large ratios', () => {
    expect(formatRatio(0.0123)).toBe('0.0123');
    expect(formatRatio(123.4)).toBe('123');
    expect(formatRatio(12.34)).toBe('12.3');
  });
});

describe('formatTime', () => {
  it('rounds to 2 decimals without trailing zeros', () => {
    expect([formatTime(6.1), formatTime(183), formatTime(9.4567)]).toEqual(['6.1', '183', '9.46']);
  });
});
