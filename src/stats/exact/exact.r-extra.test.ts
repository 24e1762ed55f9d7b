/**
 * Cases binomial.json does not reach, with R 4.2.2's values (printed with sprintf("%.17g")):
 * degenerate margins (a zero row or column total), a wide support (hundreds per cell), another
 * confidence level, and binom.test against p ≠ 0.5 (both sides of the mean, x on the mean, p = 0
 * and p = 1).
 */
import { describe, expect, it } from 'vitest';
import { CLOSED_FORM, compareNumbers } from '../../../test/support/r-fixtures.ts';
import { binomialTest, fisherTest, type TwoByTwo } from './index.ts';

const INF = Number.POSITIVE_INFINITY;

// m <- matrix(table, 2, byrow = TRUE); fisher.test(m); fisher.test(m, alternative = "less");
// fisher.test(m, alternative = "greater"); fisher.test(m, conf.level = 0.9)$conf.int
const FISHER: {
  table: TwoByTwo;
  p: number;
  estimate: number;
  ci: [number, number];
  less: number;
  greater: number;
  ci90: [number, number];
  degenerate: boolean;
}[] = [
  // Degenerate margins: R reports p = 1, estimate 0, interval [0, Inf] although the odds ratio is undefined.
  ...(
    [
      [
        [0, 0],
        [3, 4],
      ],
      [
        [0, 3],
        [0, 4],
      ],
      [
        [3, 0],
        [4, 0],
      ],
      [
        [2, 5],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    ] as TwoByTwo[]
  ).map((table) => ({
    table,
    p: 1,
    estimate: 0,
    ci: [0, INF] as [number, number],
    less: 1,
    greater: 1,
    ci90: [0, INF] as [number, number],
    degenerate: true,
  })),
  {
    table: [
      [500, 300],
      [200, 600],
    ],
    p: 1.2350666593238981e-52,
    estimate: 4.9944479954775103,
    ci: [4.0109245576238433, 6.234882649553513],
    less: 1,
    greater: 6.1753332966194189e-53,
    ci90: [4.1499561486003245, 6.0200100633467022],
    degenerate: false,
  },
  {
    table: [
      [1, 2],
      [3, 4],
    ],
    p: 1,
    estimate: 0.69379298297643999,
    ci: [0.0085122377632886534, 20.296715039567154],
    less: 0.66666666666666696,
    greater: 0.83333333333333337,
    ci90: [0.017362622412300081, 13.176692484981357],
    degenerate: false,
  },
];

describe('fisherTest beyond binomial.json, against R fisher.test', () => {
  for (const c of FISHER) {
    it(JSON.stringify(c.table), () => {
      const r = fisherTest(c.table);
      const r90 = fisherTest(c.table, { confLevel: 0.9 });
      const errors: string[] = [];
      const where = `fisher_test(${JSON.stringify(c.table)})`;
      compareNumbers(errors, `${where}.p_value`, r.p_value, c.p, CLOSED_FORM);
      compareNumbers(errors, `${where}.estimate`, r.estimate, c.estimate, CLOSED_FORM);
      compareNumbers(errors, `${where}.conf_int`, r.conf_int, c.ci, CLOSED_FORM);
      compareNumbers(errors, `${where}.p_value_less`, r.p_value_less, c.less, CLOSED_FORM);
      compareNumbers(errors, `${where}.p_value_greater`, r.p_value_greater, c.greater, CLOSED_FORM);
      compareNumbers(errors, `${where} conf.level 0.9 .conf_int`, r90.conf_int, c.ci90, CLOSED_FORM);
      expect(errors).toEqual([]);
      expect(r.degenerate_margin).toBe(c.degenerate);
      expect(r.table).toEqual(c.table);
    });
  }
});

// binom.test(x, n, p)$p.value, $conf.int; binom.test(x, n, p, conf.level = 0.9)$conf.int
const BINOM: {
  x: number;
  n: number;
  p: number;
  pValue: number;
  ci: [number, number];
  ci90: [number, number];
}[] = [
  {
    x: 3,
    n: 10,
    p: 0.3,
    pValue: 1,
    ci: [0.066739511177734495, 0.65245285005999731],
    ci90: [0.087264433914150272, 0.60662421610541339],
  },
  {
    x: 7,
    n: 10,
    p: 0.3,
    pValue: 0.010592078399999996,
    ci: [0.34754714994000269, 0.93326048882226553],
    ci90: [0.39337578389458649, 0.91273556608584971],
  },
  { x: 0, n: 10, p: 0, pValue: 1, ci: [0, 0.30849710781876083], ci90: [0, 0.2588655508930523] },
  {
    x: 2,
    n: 10,
    p: 0,
    pValue: 0,
    ci: [0.025210726326833365, 0.5560954623076414],
    ci90: [0.036771437887465064, 0.5069013010632023],
  },
  { x: 10, n: 10, p: 1, pValue: 1, ci: [0.69150289218123917, 1], ci90: [0.74113444910694759, 1] },
  {
    x: 9,
    n: 10,
    p: 1,
    pValue: 0,
    ci: [0.55498388297180457, 0.99747142145553824],
    ci90: [0.60583669756349512, 0.99488380310817626],
  },
  {
    x: 4321,
    n: 10000,
    p: 0.42,
    pValue: 0.014624148660480271,
    ci: [0.42236192408201262, 0.44187764281083253],
    ci90: [0.42391729805515871, 0.4403119445951289],
  },
  // x exactly on the mean n·p = 3: p-value 1 by R's rule.
  {
    x: 3,
    n: 8,
    p: 0.375,
    pValue: 1,
    ci: [0.085233414137253563, 0.75513678363344838],
    ci90: [0.1111127066076292, 0.71075918349819056],
  },
];

describe('binomialTest beyond binomial.json, against R binom.test', () => {
  for (const c of BINOM) {
    it(`x = ${c.x}, n = ${c.n}, p = ${c.p}`, () => {
      const errors: string[] = [];
      const where = `binom.test(${c.x}, ${c.n}, p = ${c.p})`;
      const r = binomialTest(c.x, c.n, { p: c.p });
      compareNumbers(errors, `${where}.p_value`, r.p_value, c.pValue, CLOSED_FORM);
      compareNumbers(errors, `${where}.conf_int`, r.conf_int, c.ci, CLOSED_FORM);
      compareNumbers(
        errors,
        `${where} conf.level 0.9 .conf_int`,
        binomialTest(c.x, c.n, { p: c.p, confLevel: 0.9 }).conf_int,
        c.ci90,
        CLOSED_FORM,
      );
      expect(errors).toEqual([]);
      expect(r.estimate).toBe(c.x / c.n);
    });
  }
});
