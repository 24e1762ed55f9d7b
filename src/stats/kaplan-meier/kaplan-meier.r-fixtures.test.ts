/**
 * Every `km` section of the R survival reference fixtures (../shared/fixtures/r-survival/,
 * FORMAT.md; made by make_fixtures.R with R 4.2.2, survival 3.5-3): the overall curve and every
 * group's, every column, both conf types with their medians (print.survfit rule) and quantiles
 * (`quantile()` rule), and the restricted means, to the closed-form tolerance (STYLE.md item 9).
 */
import { describe, expect, it } from 'vitest';
import { CLOSED_FORM, loadFixture, SURVIVAL_CASES } from '../../../test/support/r-fixtures.ts';
import { compareCurve } from './compare-curve.test-helper.ts';
import { type Curve, type CurveSet, type HorizonRequest, kaplanMeier, kaplanMeierByGroup } from './index.ts';

describe('kaplanMeier reproduces R survfit on every fixture case', () => {
  for (const caseId of SURVIVAL_CASES) {
    const fixture = loadFixture(caseId);
    const expected = fixture.km as CurveSet;
    const { data } = fixture;
    const fixed = expected.overall.rmean.find((r) => r.horizon_rule === 'fixed')?.horizon as number;
    // The horizons by rule, so the test also checks that the rules resolve to R's horizons.
    const rmean: HorizonRequest[] = [
      fixed,
      { horizon_rule: 'min_over_groups_of_max_time' },
      { horizon_rule: 'max_time' },
    ];
    const options = { confType: expected.conf_types, confLevel: expected.conf_level, rmean };

    it(`${caseId}: overall and by group (survfit ~ group)`, () => {
      const actual = kaplanMeierByGroup(
        { time: data.time, event: data.event, group: data.group },
        { ...options, levels: fixture.group_levels },
      );
      const errors: string[] = [];
      if (actual.conf_level !== expected.conf_level) errors.push(`${caseId} km.conf_level`);
      if (JSON.stringify(actual.conf_types) !== JSON.stringify(expected.conf_types))
        errors.push(`${caseId} km.conf_types`);
      if (actual.conf_lower !== expected.conf_lower) errors.push(`${caseId} km.conf_lower`);
      compareCurve(errors, `${caseId} km.overall`, actual.overall, expected.overall, CLOSED_FORM);
      if (actual.by_group.length !== expected.by_group.length) {
        errors.push(
          `${caseId} km.by_group: expected ${expected.by_group.length} curves, actual ${actual.by_group.length}`,
        );
      }
      expected.by_group.forEach((curve, g) => {
        compareCurve(errors, `${caseId} km.by_group[${g}]`, actual.by_group[g] as Curve, curve, CLOSED_FORM);
      });
      expect(errors).toEqual([]);
    });

    it(`${caseId}: default group levels are R's factor order`, () => {
      const actual = kaplanMeierByGroup({ time: data.time, event: data.event, group: data.group }, options);
      expect(actual.by_group.map((c) => c.label)).toEqual(fixture.group_levels);
    });

    it(`${caseId}: overall alone (survfit ~ 1)`, () => {
      const horizons = expected.overall.rmean.map((r) => ({
        horizon: r.horizon,
        horizon_rule: r.horizon_rule,
      }));
      const actual = kaplanMeier({ time: data.time, event: data.event }, { ...options, rmean: horizons });
      const errors: string[] = [];
      compareCurve(errors, `${caseId} km.overall (~ 1)`, actual, expected.overall, CLOSED_FORM);
      expect(errors).toEqual([]);
    });
  }
});
