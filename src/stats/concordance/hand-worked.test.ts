/**
 * Harrell's C worked by hand on six unsorted rows, with deaths tied in time and tied risk scores,
 * then checked against a brute-force O(n²) count on random data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { concordance } from './index.ts';

/*
 * row  time  event  risk
 *  1     5     1    2.0
 *  2     8     0    1.0
 *  3     3     1    1.0
 *  4     5     1    0.5   dies at 5 with row 1: tied in time, never comparable
 *  5     5     0    2.0   censored at 5: seen alive at 5, so later than rows 1 and 4
 *  6    10     1    0.0   the last death: nobody is observed longer
 *
 * Comparable pairs, by the earlier death (concordant = the earlier death has the higher risk):
 *   row 3 (t 3, risk 1): later 1 (2.0) disc, 2 (1.0) tied, 4 (0.5) conc, 5 (2.0) disc, 6 (0.0) conc
 *   row 1 (t 5, risk 2): later 2 (1.0) conc, 5 (2.0) tied, 6 (0.0) conc
 *   row 4 (t 5, risk .5): later 2 (1.0) disc, 5 (2.0) disc, 6 (0.0) conc
 * concordant 5, discordant 4, tied in risk 2, tied in time 1 (rows 1 and 4), m = 11 pairs:
 *   C = (5 + 2/2) / 11 = 6/11.
 *
 * Variance (infinitesimal jackknife): each row's concordant/discordant/tied pairs (cᵢ, dᵢ, tᵢ),
 * counting both roles — row 1 (2,1,1), row 2 (1,1,1), row 3 (2,2,1), row 4 (2,2,0), row 5 (0,2,1),
 * row 6 (3,0,0). With D = (5 − 4)/11 = 1/11:
 *   Uᵢ = (cᵢ − dᵢ)/11 − D(cᵢ + dᵢ + tᵢ)/11 = (11(cᵢ − dᵢ) − (cᵢ + dᵢ + tᵢ))/121
 *      = 7, −3, −5, −4, −25, 30 (/121),
 *   var(C) = ΣUᵢ²/4 = 1624/(4·121²) = 406/14641, se = √406/121.
 * R agrees: concordance(Surv(time, status) ~ risk, data, reverse = TRUE) gives counts 5 4 2 1 0,
 * C 0.545454545454545414, var 0.027730346287821867, and the same (cᵢ, dᵢ, tᵢ) with influence = 2.
 */
const rows = {
  time: [5, 8, 3, 5, 5, 10],
  event: [1, 0, 1, 1, 0, 1],
};
const risk = [2, 1, 1, 0.5, 2, 0];

describe('concordance, hand-worked', () => {
  it('six rows: C = 6/11, var = 406/14641', () => {
    const result = concordance(rows, risk);
    expect(result.counts).toEqual({ concordant: 5, discordant: 4, tiedRisk: 2, tiedTime: 1, tiedBoth: 0 });
    expect(result.comparablePairs).toBe(11);
    expect(result.c).toBeCloseTo(6 / 11, 15);
    expect(result.variance).toBeCloseTo(406 / 14641, 15);
    expect(result.se).toBeCloseTo(Math.sqrt(406) / 121, 15);
  });

  /*
   * Strata {1, 2, 5} and {3, 4, 6}: only pairs within a stratum.
   *   stratum 1: row 1 (t 5, risk 2) vs 2 (1.0) conc, vs 5 (censored at 5, 2.0) tied.
   *   stratum 2: row 3 (t 3, risk 1) vs 4 (0.5) conc, vs 6 (0.0) conc; row 4 vs 6 conc.
   * concordant 4, tied 1, m = 5: C = (4 + 1/2)/5 = 9/10. D = 4/5; (cᵢ, dᵢ, tᵢ) = row 1 (1,0,1),
   * 2 (1,0,0), 3 (2,0,0), 4 (2,0,0), 5 (0,0,1), 6 (2,0,0), so 25·Uᵢ = −3, 1, 2, 2, −4, 2 and
   * var(C) = 38/(4·625) = 38/2500, se = √38/50 (R: C 0.9, se 0.12328828005937953).
   */
  it('strata: pairs only within a stratum, C = 9/10, se = √38/50', () => {
    const result = concordance({ ...rows, strata: [0, 0, 1, 1, 0, 1] }, risk);
    expect(result.counts).toEqual({ concordant: 4, discordant: 0, tiedRisk: 1, tiedTime: 0, tiedBoth: 0 });
    expect(result.c).toBeCloseTo(0.9, 15);
    expect(result.se).toBeCloseTo(Math.sqrt(38) / 50, 15);
  });

  it('a missing risk score is an error naming its row (drop the row first, as R’s na.omit)', () => {
    let error: unknown;
    try {
      concordance({ time: [...rows.time, 7], event: [...rows.event, 1] }, [...risk, Number.NaN]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues[0]?.row).toBe(7);
  });

  it('no comparable pair: C is NaN, not a number made up', () => {
    const result = concordance({ time: [1, 2, 3], event: [0, 0, 0] }, [1, 2, 3]);
    expect(result.comparablePairs).toBe(0);
    expect(result.c).toBeNaN();
  });
});

/** The definition, pair by pair, with each subject's share of the pairs for the jackknife. */
function bruteForce(time: number[], event: number[], strata: number[], risk: number[]) {
  const n = time.length;
  const c = new Array<number>(n).fill(0);
  const d = new Array<number>(n).fill(0);
  const t = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j || strata[i] !== strata[j] || !event[i]) continue;
      // i died first and j was observed longer (later, or censored at the same time)
      const later = (time[j] as number) > (time[i] as number) || (time[j] === time[i] && !event[j]);
      if (!later) continue;
      const k = risk[i] === risk[j] ? t : (risk[i] as number) > (risk[j] as number) ? c : d;
      k[i] = (k[i] as number) + 1;
      k[j] = (k[j] as number) + 1;
    }
  }
  const sum = (a: number[]) => a.reduce((s, v) => s + v, 0) / 2;
  const m = sum(c) + sum(d) + sum(t);
  const D = (sum(c) - sum(d)) / m;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const u =
      ((c[i] as number) - (d[i] as number)) / m -
      (D * ((c[i] as number) + (d[i] as number) + (t[i] as number))) / m;
    ss += u * u;
  }
  return { c: (D + 1) / 2, se: Math.sqrt(ss / 4), m };
}

describe('concordance equals the pair-by-pair definition', () => {
  it('on random data with many ties in time, score and strata', () => {
    // Small value ranges force ties; three strata.
    const row = fc.record({
      time: fc.integer({ min: 1, max: 8 }),
      event: fc.integer({ min: 0, max: 1 }),
      stratum: fc.integer({ min: 0, max: 2 }),
      risk: fc.integer({ min: -3, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 40 }), (data) => {
        const time = data.map((r) => r.time);
        const event = data.map((r) => r.event);
        const strata = data.map((r) => r.stratum);
        const risk = data.map((r) => r.risk / 2);
        const expected = bruteForce(time, event, strata, risk);
        const actual = concordance({ time, event, strata }, risk);
        expect(actual.comparablePairs).toBe(expected.m);
        if (expected.m === 0) return;
        expect(Math.abs(actual.c - expected.c)).toBeLessThan(1e-14);
        expect(Math.abs(actual.se - expected.se)).toBeLessThan(1e-14);
      }),
      { numRuns: 300 },
    );
  });
});
