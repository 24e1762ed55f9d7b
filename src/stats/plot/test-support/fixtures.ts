/** Plot inputs shared by the tests. */
import { renderKaplanMeierSvg } from '../km-plot.ts';
import type { KmPlotCurve, KmPlotInput, KmPlotOptions } from '../types.ts';
import { parseXml } from './parse-xml.ts';

// Events at 2 (S 0.8) and 8 (S 0.5); the row at 5 is a censoring with unchanged S, as survfit lists it.
export const small: KmPlotCurve = {
  label: 'Arm A',
  time: [2, 5, 8],
  surv: [0.8, 0.8, 0.5],
  censorTimes: [5, 8, 9],
};
export const render = (plot: Partial<KmPlotInput>, options: KmPlotOptions = {}) =>
  parseXml(renderKaplanMeierSvg({ xLabel: 'Time (months)', curves: [small], ...plot }, options));

export const twoArms: KmPlotInput = {
  title: 'Overall survival',
  xLabel: 'Time (months)',
  curves: [
    { label: 'Placebo', time: [2, 4, 6, 9], surv: [0.8, 0.6, 0.45, 0.3], censorTimes: [5, 12], median: 6 },
    { label: 'Drug', time: [3, 7, 10], surv: [0.9, 0.7, 0.55], censorTimes: [8, 14] },
  ],
  atRisk: {
    times: [0, 5, 10, 15],
    counts: [
      [60, 41, 22, 0],
      [58, 50, 31, 0],
    ],
  },
  annotation: {
    hazardRatio: { estimate: 0.58, lower: 0.41, upper: 0.8, reference: 'Placebo', comparison: 'Drug' },
    logRankP: 0.0013,
  },
};
