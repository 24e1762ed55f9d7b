/**
 * A whole survival analysis from one data table (curves, tests, Cox models, PH test), shaped as the
 * R reference fixtures; used by `trialkit analyze survival` and the analysis view.
 */
export { analyzeSurvival } from './analyze.ts';
export { type KmPlotColumns, kaplanMeierPlotInput } from './plot-input.ts';
export type {
  CoxModelEntry,
  ReportedCoxFit,
  SurvivalAnalysis,
  SurvivalAnalysisOptions,
  SurvivalTable,
  ZphEntry,
} from './types.ts';
