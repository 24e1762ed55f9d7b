/**
 * Edge cases checked against R: test/fixtures/r-extra/km-edge-cases.json, written by
 * `Rscript scripts/r-extra/km.R` (R 4.2.2, survival 3.5-3). Each case holds its rows, the curves
 * in the shared fixtures' layout with all three conf types, and the number at risk at chosen times
 * (`summary(fit, times, extend)`). Every field is compared to the closed-form tolerance.
 */
import { describe, expect, it } from 'vitest';
import { CLOSED_FORM, loadExtraFixture } from '../../../test/support/r-fixtures.ts';
import { compareCurve } from './compare-curve.test-helper.ts';
import {
  type ConfType,
  type Curve,
  type HorizonRequest,
  kaplanMeier,
  kaplanMeierByGroup,
  nRiskAt,
  type RMean,
} from './index.ts';

interface EdgeCase {
  id: string;
  description: string;
  data: { time: number[]; event: number[]; group: string[] | null };
  group_levels: string[] | null;
  conf_level: number;
  conf_types: ConfType[];
  probs: number[];
  km: { overall: Curve; by_group: Curve[] | null };
  n_risk_at: { times: number[]; extend: number[]; no_extend: (number | null)[] } | null;
}

const fixture = loadExtraFixture<{ cases: EdgeCase[] }>('km-edge-cases');

/** The case's horizons as requests by rule, so that the rules' resolution is checked too. */
function requests(rmean: RMean[]): HorizonRequest[] {
  return rmean.map((r) => (r.horizon_rule === 'fixed' ? r.horizon : { horizon_rule: r.horizon_rule }));
}

describe('kaplanMeier matches R survfit on edge cases', () => {
  for (const c of fixture.cases) {
    it(`${c.id}: ${c.description}`, () => {
      const options = {
        confType: c.conf_types,
        confLevel: c.conf_level,
        probs: c.probs,
        rmean: requests(c.km.overall.rmean),
      };
      const errors: string[] = [];
      const { time, event, group } = c.data;
      if (group && c.group_levels && c.km.by_group) {
        const actual = kaplanMeierByGroup({ time, event, group }, { ...options, levels: c.group_levels });
        compareCurve(errors, `${c.id} overall`, actual.overall, c.km.overall, CLOSED_FORM);
        expect(actual.by_group.length).toBe(c.km.by_group.length);
        c.km.by_group.forEach((curve, g) => {
          compareCurve(errors, `${c.id} by_group[${g}]`, actual.by_group[g] as Curve, curve, CLOSED_FORM);
        });
      } else {
        compareCurve(
          errors,
          `${c.id} overall`,
          kaplanMeier({ time, event }, options),
          c.km.overall,
          CLOSED_FORM,
        );
      }
      expect(errors).toEqual([]);
    });

    const risk = c.n_risk_at;
    if (risk) {
      it(`${c.id}: number at risk at chosen times, as summary(fit, times, extend)`, () => {
        const curve = kaplanMeier({ time: c.data.time, event: c.data.event });
        expect(nRiskAt(curve, risk.times)).toEqual(risk.extend);
        expect(nRiskAt(curve, risk.times, { extend: false })).toEqual(risk.no_extend);
        expect(nRiskAt(c.data, risk.times)).toEqual(risk.extend);
      });
    }
  }
});
