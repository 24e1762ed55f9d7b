import { describe, expect, it } from 'vitest';
import {
  formatInterval,
  formatLevel,
  formatNumber,
  formatP,
  formatPercent,
  plural,
} from './analysis-format.ts';

describe('numbers', () => {
  it('writes fixed decimals, NR for a limit not reached', () => {
    expect(formatNumber(4.1725)).toBe('4.2');
    expect(formatNumber(0.56873, 2)).toBe('0.57');
    expect(formatNumber(null)).toBe('NR');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('NR');
  });

  it('writes an estimate with its unit and confidence interval', () => {
    expect(formatInterval({ estimate: 4.1725, lower: 3.4168, upper: null }, { unit: 'months' })).toBe(
      '4.2 months (95% CI 3.4–NR)',
    );
    expect(formatInterval({ estimate: null, lower: 2.1, upper: null }, { unit: 'months' })).toBe(
      'NR (95% CI 2.1–NR)',
    );
    expect(
      formatInterval({ estimate: 0.5687, lower: 0.0511, upper: 6.3305 }, { digits: 2, level: 0.9 }),
    ).toBe('0.57 (90% CI 0.05–6.33)');
    expect(formatLevel(0.975)).toBe('97.5%');
    expect(formatInterval({ estimate: 2.5, lower: 0.03, upper: null }, { digits: 2, missing: '∞' })).toBe(
      '2.50 (95% CI 0.03–∞)',
    );
  });

  it('writes p-values as journals do', () => {
    expect(formatP(0.641938)).toBe('p = 0.64');
    expect(formatP(0.0123)).toBe('p = 0.012');
    expect(formatP(0.0004)).toBe('p < 0.001');
    expect(formatP(null)).toBe('–');
  });

  it('writes proportions as percentages and counts with their noun', () => {
    expect(formatPercent(1 / 3)).toBe('33.3%');
    expect(formatPercent(0.0084038, 2)).toBe('0.84%');
    expect(formatPercent(undefined)).toBe('–');
    expect(plural(1, 'subject')).toBe('1 subject');
    expect(plural(3, 'subject')).toBe('3 subjects');
  });
});
