/**
 * Cox proportional hazards, as R's `coxph` (survival 3.5-3). See cox-ph.ts.
 *
 * For other modules: `fit.model` holds the design by column, R's `assign`, the fitted times, status
 * and strata of the rows used, their sorted order and β̂ (aliased columns as 0), so cox.zph and the
 * concordance can work on exactly what was fitted. `prepareRiskSets`, `coxPass` and `fitCoxCore` are
 * the unchecked core, for callers that already hold checked, sorted data.
 */

export { mergeNearTimes } from '../timefix.ts';
export { COX_DEFAULTS, coxPh } from './cox-ph.ts';
export { type CoxWork, coxPass, coxWork } from './likelihood.ts';
export { type CoxCoreOptions, type CoxCoreResult, fitCoxCore } from './newton.ts';
export { type CoxPrepared, type CoxRiskSets, prepareRiskSets } from './risk-sets.ts';
export { roundR } from './round-r.ts';
export type {
  CoxFactor,
  CoxFit,
  CoxInput,
  CoxModel,
  CoxOptions,
  CoxTest,
  CoxTies,
  CoxWaldTest,
} from './types.ts';
