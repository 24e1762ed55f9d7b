/**
 * binomialTest and fisherTest against R's binom.test and fisher.test: every case and field of the
 * shared fixture binomial.json (../shared/fixtures/r-survival/, FORMAT.md; R 4.2.2), to the
 * closed-form tolerance (STYLE.md item 9). The public set has no degenerate margins (a zero
 * row or column total); exact.r-extra.test.ts checks those against R.
 */
import { describe, expect, it } from 'vitest';
import { CLOSED_FORM, compareNumbers, loadFixture } from '../../../test/support/r-fixtures.ts';
import { binomialTest, fisherTest, type TwoByTwo } from './index.ts';

interface BinomCase {
  x: number;
  n: number;
  estimate: number;
  conf_int: [number, number];
  p_value: number;
}
interface FisherCase {
  table: TwoByTwo;
  p_value: number;
  estimate: number;
  conf_int: [number, number];
  p_value_less: number;
  p_value_greater: number;
  degenerate_margin: boolean;
}

const fixture = loadFixture<{
  conf_level: number;
  binom_test: { cases: BinomCase[] };
  fisher_test: { cases: FisherCase[] };
}>('binomial');

/** Every key of R's case, compared; keys must agree both ways. */
function mismatches(where: string, actual: object, expected: object): string[] {
  const errors: string[] = [];
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    const value = e[key];
    if (typeof value === 'boolean' || key === 'table') {
      if (JSON.stringify(a[key]) !== JSON.stringify(value)) {
        errors.push(`${where}.${key}: expected ${JSON.stringify(value)}, actual ${JSON.stringify(a[key])}`);
      }
    } else {
      compareNumbers(errors, `${where}.${key}`, a[key], value, CLOSED_FORM);
    }
  }
  const extra = Object.keys(a).filter((k) => !(k in e));
  if (extra.length) errors.push(`${where}: extra fields ${extra}`);
  return errors;
}

describe('binomialTest reproduces R binom.test (binomial.json)', () => {
  for (const c of fixture.binom_test.cases) {
    it(`x = ${c.x}, n = ${c.n}`, () => {
      const actual = binomialTest(c.x, c.n, { p: 0.5, confLevel: fixture.conf_level });
      expect(mismatches(`binom_test(${c.x}, ${c.n})`, actual, c)).toEqual([]);
    });
  }
});

describe('fisherTest reproduces R fisher.test (binomial.json)', () => {
  for (const c of fixture.fisher_test.cases) {
    it(JSON.stringify(c.table), () => {
      const actual = fisherTest(c.table, { confLevel: fixture.conf_level });
      expect(mismatches(`fisher_test(${JSON.stringify(c.table)})`, actual, c)).toEqual([]);
    });
  }
});
