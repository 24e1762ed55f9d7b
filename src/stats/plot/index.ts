/**
 * Kaplan–Meier figure as SVG, drawn from plain curves (not from the statistics engine's types), so the
 * CLI (`--plot km.svg`) and the web app draw the same figure from any source of estimates.
 */
export { checkKmPlotInput, type StepCurve } from './check.ts';
export { formatHazardRatio, formatPValue } from './format.ts';
export { FONT_FAMILY, renderKaplanMeierSvg } from './km-plot.ts';
export { OKABE_ITO, readableOnWhite } from './palette.ts';
export { niceBreaks, timeBreaks } from './scales.ts';
export { escapeXml } from './svg.ts';
export type {
  KmPlotAnnotation,
  KmPlotAtRisk,
  KmPlotCurve,
  KmPlotHazardRatio,
  KmPlotInput,
  KmPlotOptions,
} from './types.ts';
