/**
 * Kaplan–Meier survival curves reproducing R survival 3.5-3's `survfit` (product-limit, Greenwood,
 * Nelson–Aalen, log / log-log / plain CIs, median and quantiles by both of R's rules, restricted
 * mean, timefix). Reference: ../shared/fixtures/r-survival/FORMAT.md, section `km`.
 */
export { zForLevel } from '../distributions.ts';
export { R_TOLERANCE } from '../timefix.ts';
export { curveQuantiles, type QuantileRule } from './curve-quantiles.ts';
export { kaplanMeier, kaplanMeierByGroup } from './kaplan-meier.ts';
export { type NRiskOptions, nRiskAt } from './n-risk.ts';
export { findQuantiles, tableQuantile } from './quantiles.ts';
export {
  curveRestrictedMean,
  fixedHorizon,
  maxTimeHorizon,
  minOverGroupsOfMaxTimeHorizon,
  type RMeanColumns,
  resolveHorizons,
  restrictedMean,
} from './restricted-mean.ts';
export {
  type ByGroupOptions,
  CONF_TYPES,
  type ConfidenceBand,
  type ConfType,
  type Curve,
  type CurveSet,
  type GroupedSurvivalInput,
  type HorizonRequest,
  type HorizonRule,
  type KaplanMeierOptions,
  type MedianEstimate,
  type QuantileTable,
  type RMean,
  type RMeanHorizon,
} from './types.ts';
