/**
 * One survival analysis as a statistician runs it in R, from one data table: Kaplan–Meier curves
 * (overall and by group), the log-rank and Peto–Peto tests (stratified too when there are strata),
 * Cox models (group; group + covariates; group with stratified baseline) with Efron and Breslow
 * ties, and the proportional-hazards test of the multivariable model. The output mirrors the R
 * reference fixtures section for section (../shared/fixtures/r-survival/FORMAT.md and
 * make_fixtures.R), so feeding a fixture's data reproduces its results.
 */

import { InputError } from '../../contracts/index.ts';
import { COX_DEFAULTS, type CoxFit, coxPh } from '../cox/index.ts';
import { coxZph, type ZphTransform } from '../cox-zph/index.ts';
import { factorLevels } from '../input.ts';
import {
  type CurveSet,
  type HorizonRequest,
  kaplanMeier,
  kaplanMeierByGroup,
} from '../kaplan-meier/index.ts';
import { logRank } from '../log-rank/index.ts';
import type {
  CoxModelEntry,
  SurvivalAnalysis,
  SurvivalAnalysisOptions,
  SurvivalTable,
  ZphEntry,
} from './types.ts';

const ZPH_TRANSFORMS: readonly ZphTransform[] = ['km', 'identity', 'rank'];

function curves(table: SurvivalTable, options: SurvivalAnalysisOptions): CurveSet {
  const confType = options.confTypes ?? ['log', 'log-log'];
  const confLevel = options.confLevel ?? 0.95;
  const fixed: HorizonRequest[] = options.rmstHorizon === undefined ? [] : [options.rmstHorizon];
  if (!table.group) {
    const overall = kaplanMeier(table, {
      confType,
      confLevel,
      rmean: [...fixed, { horizon_rule: 'max_time' }],
    });
    return { conf_level: confLevel, conf_types: [...confType], conf_lower: 'usual', overall, by_group: [] };
  }
  return kaplanMeierByGroup(
    { time: table.time, event: table.event, group: table.group },
    {
      confType,
      confLevel,
      levels: table.groupLevels,
      rmean: [...fixed, { horizon_rule: 'min_over_groups_of_max_time' }, { horizon_rule: 'max_time' }],
    },
  );
}

function tests(table: SurvivalTable): SurvivalAnalysis['survdiff'] {
  const { group, names } = table;
  if (!group || !names.group) return null;
  const columns = {
    time: names.time,
    event: names.event,
    group: names.group,
    strata: names.strata ?? 'strata',
  };
  const run = (rho: number, stratified: boolean) =>
    logRank(
      {
        time: table.time,
        event: table.event,
        group,
        groupLevels: table.groupLevels,
        ...(stratified ? { strata: table.strata, strataLevels: table.strataLevels } : {}),
      },
      { rho, columns },
    );
  const stratified = table.strata !== undefined;
  return {
    logrank: run(0, false),
    peto_peto: run(1, false),
    stratified_logrank: stratified ? run(0, true) : null,
    stratified_peto_peto: stratified ? run(1, true) : null,
  };
}

function covariateNames(table: SurvivalTable): string[] {
  return [
    ...(table.covariateOrder ?? [
      ...Object.keys(table.covariates ?? {}),
      ...Object.keys(table.factorCovariates ?? {}),
    ]),
  ];
}

interface ModelSpec {
  key: 'group' | 'multivariable' | 'group_stratified';
  description: string;
  terms: string[];
  stratified: boolean;
}

function modelSpecs(table: SurvivalTable): ModelSpec[] {
  const group = table.names.group;
  const covariates = covariateNames(table);
  const specs: ModelSpec[] = [];
  const reference = table.groupLevels?.[0];
  if (group) {
    specs.push({
      key: 'group',
      description: `univariable: ${group} as factor, reference = ${reference ?? 'its first level'}`,
      terms: [group],
      stratified: false,
    });
  }
  if (covariates.length) {
    specs.push({
      key: 'multivariable',
      description: 'multivariable',
      terms: [...(group ? [group] : []), ...covariates],
      stratified: false,
    });
  }
  if (group && table.strata) {
    specs.push({
      key: 'group_stratified',
      description: `${group} with baseline hazard stratified by ${table.names.strata}`,
      terms: [group],
      stratified: true,
    });
  }
  return specs;
}

function fitModel(
  table: SurvivalTable,
  spec: ModelSpec,
  ties: 'efron' | 'breslow',
  confLevel: number,
): CoxFit {
  const pick = <T>(all: Record<string, T> | undefined) =>
    all ? Object.fromEntries(Object.entries(all).filter(([name]) => spec.terms.includes(name))) : undefined;
  const factors = pick(table.factorCovariates);
  return coxPh(
    {
      time: table.time,
      event: table.event,
      ...(spec.terms.includes(table.names.group ?? '') && table.group
        ? { group: table.group, groupLevels: table.groupLevels, groupName: table.names.group }
        : {}),
      ...(spec.stratified ? { strata: table.strata } : {}),
      covariates: pick(table.covariates),
      factorCovariates:
        factors && Object.fromEntries(Object.entries(factors).map(([name, values]) => [name, { values }])),
      terms: spec.terms,
    },
    { ties, confLevel },
  );
}

function proportionalHazards(
  multivariable: CoxFit,
  formula: string,
  warnings: string[],
): SurvivalAnalysis['cox_zph'] {
  const { model } = multivariable;
  // As R's cox.zph: aliased (NA) coefficients are left out, and a term left with no column goes.
  const kept = multivariable.coef.flatMap((c, j) => (c === null ? [] : [j]));
  const newIndex = new Map(kept.map((j, k) => [j, k]));
  const terms = model.assign.flatMap((t) => {
    const columns = t.columns.flatMap((j) => (newIndex.has(j) ? [newIndex.get(j) as number] : []));
    return columns.length ? [{ name: t.name, columns }] : [];
  });
  try {
    const run = (transform: ZphTransform): ZphEntry =>
      coxZph(
        {
          time: model.time,
          event: model.status,
          strata: model.stratum ?? undefined,
          x: kept.map((j) => model.columns[j] as Float64Array),
          terms,
        },
        kept.map((j) => model.beta[j] as number),
        { transform, ties: multivariable.ties },
      );
    const [km, identity, rank] = ZPH_TRANSFORMS.map(run) as [ZphEntry, ZphEntry, ZphEntry];
    return { model_formula: formula, ties: multivariable.ties, terms_option: true, km, identity, rank };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    warnings.push(`cox.zph of ${formula}: not computed (${error.message})`);
    return null;
  }
}

export function analyzeSurvival(
  table: SurvivalTable,
  options: SurvivalAnalysisOptions = {},
): SurvivalAnalysis {
  const confLevel = options.confLevel ?? 0.95;
  const allTies = options.ties ? [options.ties] : (['efron', 'breslow'] as const);
  const km = curves(table, options);
  const warnings: string[] = [];
  const models: NonNullable<SurvivalAnalysis['coxph']>['models'] = {};
  const lhs = `Surv(${table.names.time}, ${table.names.event})`;
  let coxZphSection: SurvivalAnalysis['cox_zph'] = null;
  for (const spec of modelSpecs(table)) {
    const formula = `${lhs} ~ ${spec.terms.join(' + ')}${spec.stratified ? ` + strata(${table.names.strata})` : ''}`;
    const entry: CoxModelEntry = { description: spec.description, formula };
    for (const ties of allTies) {
      const { model, linear_predictors, ...reported } = fitModel(table, spec, ties, confLevel);
      entry[ties] = reported;
      for (const warning of reported.warnings) warnings.push(`${formula} (${ties}): ${warning.trim()}`);
      // The PH test runs on the multivariable model's first fit (Efron unless only Breslow was asked for).
      if (spec.key === 'multivariable' && ties === allTies[0]) {
        coxZphSection = proportionalHazards({ ...reported, model, linear_predictors }, formula, warnings);
      }
    }
    models[spec.key] = entry;
  }
  return {
    schema_version: 1,
    n: table.time.length,
    group_levels: table.group ? km.by_group.map((c) => c.group ?? c.label) : null,
    strata_levels: table.strata ? (table.strataLevels?.slice() ?? factorLevels(table.strata)) : null,
    covariate_names: covariateNames(table),
    km,
    survdiff: tests(table),
    coxph: Object.keys(models).length
      ? {
          control: {
            eps: COX_DEFAULTS.eps,
            toler_chol: COX_DEFAULTS.tolerChol,
            iter_max: COX_DEFAULTS.iterMax,
            toler_inf: Math.sqrt(COX_DEFAULTS.eps),
            timefix: true,
            conf_level: confLevel,
          },
          models,
        }
      : null,
    cox_zph: coxZphSection,
    warnings,
  };
}
