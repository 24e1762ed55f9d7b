/**
 * Kaplan–Meier figure as SVG, drawn from plain curves (not from the statistics engine's types), so the
 * CLI (`--plot km.svg`) and the web app draw the same figure from any source of estimates.
 */

export type { PlotOptions, ResponsePlotOptions } from './check.ts';
export { checkKmPlotInput, type StepCurve } from './check.ts';
export { formatHazardRatio, formatPValue } from './format.ts';
export { FONT_FAMILY, renderKaplanMeierSvg } from './km-plot.ts';
export { OKABE_ITO, readableOnWhite } from './palette.ts';
export { RECIST_LINES } from './percent-axis.ts';
export type { TimeUnit } from './scales.ts';
export { niceBreaks, TIME_UNITS, timeBreaks } from './scales.ts';
export {
  renderSpiderSvg,
  type SpiderLine,
  type SpiderPlotInput,
  type SpiderPoint,
} from './spider-plot.ts';
export { escapeXml } from './svg.ts';
export {
  renderSwimmerSvg,
  type SwimmerEvent,
  type SwimmerEventKind,
  type SwimmerLane,
  type SwimmerPlotInput,
  type SwimmerPlotOptions,
} from './swimmer-plot.ts';
export type {
  KmPlotAnnotation,
  KmPlotAtRisk,
  KmPlotCurve,
  KmPlotHazardRatio,
  KmPlotInput,
  KmPlotOptions,
} from './types.ts';
export {
  type BestResponse,
  renderWaterfallSvg,
  type WaterfallBar,
  type WaterfallPlotInput,
} from './waterfall-plot.ts';
