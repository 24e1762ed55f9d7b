import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { renderKaplanMeierSvg } from './km-plot.ts';
import { small, twoArms } from './test-support/fixtures.ts';
import type { KmPlotCurve, KmPlotInput } from './types.ts';

describe('renderKaplanMeierSvg: bad input', () => {
  const bad = (patch: Partial<KmPlotInput>) => () => renderKaplanMeierSvg({ ...twoArms, ...patch });
  const curve = (patch: Partial<KmPlotCurve>) => bad({ curves: [{ ...small, ...patch }], atRisk: undefined });

  it.each([
    ['no curves', bad({ curves: [] }), /^curves: expected at least one curve/],
    ['curves not an array', bad({ curves: undefined as never }), /^curves: expected an array/],
    [
      'surv above 1',
      curve({ surv: [0.8, 1.2, 0.5] }),
      /^curves\[0\]\.surv, row 2: expected a number in \[0, 1\]; got 1\.2/,
    ],
    [
      'surv shorter than time',
      curve({ surv: [0.8] }),
      /^curves\[0\]\.surv: expected 3 values, as many as time/,
    ],
    ['times out of order', curve({ time: [2, 8, 5] }), /^curves\[0\]\.time, row 3: expected a time greater/],
    ['negative time', curve({ time: [-1, 5, 8] }), /^curves\[0\]\.time, row 1: expected a finite number ≥ 0/],
    [
      'NaN lower limit',
      curve({ lower: [0.7, Number.NaN, 0.4] }),
      /^curves\[0\]\.lower, row 2: expected a number in \[0, 1\] or null/,
    ],
    [
      'no times at all',
      curve({ time: [], surv: [], censorTimes: [] }),
      /^curves\[0\]\.time: expected at least one time/,
    ],
    ['empty label', curve({ label: ' ' }), /^curves\[0\]\.label: expected a non-empty group name/],
    ['missing xLabel', bad({ xLabel: undefined as never }), /^xLabel: expected a string/],
    [
      'at-risk rows ≠ curves',
      bad({ atRisk: { times: [0], counts: [[1]] } }),
      /^atRisk\.counts: expected 2 rows/,
    ],
    [
      'at-risk row too short',
      bad({ atRisk: { times: [0, 5], counts: [[1, 1], [1]] } }),
      /^atRisk\.counts\[1\]: expected 2 counts/,
    ],
    [
      'fractional count',
      bad({ atRisk: { times: [0], counts: [[1], [2.5]] } }),
      /^atRisk\.counts\[1\], row 1: expected an integer/,
    ],
    [
      'HR outside its interval',
      bad({
        annotation: { hazardRatio: { estimate: 2, lower: 0.4, upper: 0.8, reference: 'A', comparison: 'B' } },
      }),
      /^annotation\.hazardRatio: expected lower ≤ estimate ≤ upper/,
    ],
    [
      'p above 1',
      bad({ annotation: { logRankP: 1.5 } }),
      /^annotation\.logRankP: expected a number in \[0, 1\]/,
    ],
    ['xMax 0', bad({ xMax: 0 }), /^xMax: expected a finite number > 0/],
  ])('%s → an error naming the field', (_, run, message) => {
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });

  it('rejects bad options', () => {
    expect(() => renderKaplanMeierSvg(twoArms, { width: 10 })).toThrow(/^options\.width/);
    expect(() => renderKaplanMeierSvg(twoArms, { idPrefix: '1 bad' })).toThrow(/^options\.idPrefix/);
  });
});
