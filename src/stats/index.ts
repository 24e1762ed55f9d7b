/**
 * Survival and response statistics, reproducing R's survival package and stats::binom.test /
 * fisher.test (docs/decisions/0006). Each module has a checking public function and an unchecked
 * core over sorted typed arrays (STYLE.md item 2).
 */
export { type ConcordanceResult, concordance } from './concordance/index.ts';
export { type CoxFit, type CoxInput, type CoxOptions, coxPh } from './cox/index.ts';
export { type CoxZphResult, coxZph } from './cox-zph/index.ts';
export { chiSquareUpperTail, normalTwoSided, zForLevel } from './distributions.ts';
export { binomialTest, fisherTest, type TwoByTwo } from './exact/index.ts';
export type { SurvivalInput } from './input.ts';
export {
  type ConfType,
  type Curve,
  type CurveSet,
  curveQuantiles,
  curveRestrictedMean,
  kaplanMeier,
  kaplanMeierByGroup,
  nRiskAt,
} from './kaplan-meier/index.ts';
export { type LogRankResult, logRank } from './log-rank/index.ts';
export {
  type KmPlotInput,
  renderKaplanMeierSvg,
  renderSpiderSvg,
  renderSwimmerSvg,
  renderWaterfallSvg,
  type SpiderPlotInput,
  type SwimmerEvent,
  type SwimmerLane,
  type SwimmerPlotInput,
  TIME_UNITS,
  type TimeUnit,
  timeBreaks,
  type WaterfallPlotInput,
} from './plot/index.ts';
export {
  analyzeSurvival,
  type KmPlotColumns,
  kaplanMeierPlotInput,
  type ReportedCoxFit,
  type SurvivalAnalysis,
  type SurvivalTable,
} from './survival-analysis/index.ts';
