/**
 * The checking wrappers (STYLE.md item 2): validate the rows and options, name the first bad one,
 * then hand typed arrays to the core. Semantics are R survival 3.5-3's `survfit(Surv(time, event) ~ 1)`
 * and `~ group` with its defaults (product-limit, Nelson–Aalen, timefix, conf.lower "usual").
 */
import { zForLevel } from '../distributions.ts';
import {
  checkSurvival,
  factorCodes,
  factorLevels,
  inputError,
  type SurvivalData,
  type SurvivalInput,
} from '../input.ts';
import { buildCurve, type CurveSettings } from './curve.ts';
import { tabulateEvents } from './event-table.ts';
import { type ProductLimit, productLimit } from './product-limit.ts';
import { resolveHorizons } from './restricted-mean.ts';
import {
  type ByGroupOptions,
  CONF_TYPES,
  type ConfType,
  type Curve,
  type CurveSet,
  type GroupedSurvivalInput,
  type HorizonRequest,
  type KaplanMeierOptions,
} from './types.ts';

const DEFAULT_PROBS = [0.25, 0.5, 0.75];
const DEFAULT_RMEAN: readonly HorizonRequest[] = [{ horizon_rule: 'max_time' }];

/** One Kaplan–Meier curve, as `survfit(Surv(time, event) ~ 1, conf.type = …)`. */
export function kaplanMeier(input: SurvivalInput, options: KaplanMeierOptions = {}): Curve {
  const settings = checkOptions(options);
  const data = checkRows(input);
  const { overall } = tabulateEvents(data.time, data.event, undefined, 1, settings.timefix);
  const pl = productLimit(overall);
  const curveSettings: CurveSettings = { ...settings, horizons: resolveHorizons(settings.rmean, [pl]) };
  return buildCurve(pl, overall.records, options.label ?? 'overall', options.group ?? null, curveSettings);
}

/**
 * One curve per group level (R's factor order, or `options.levels`) and the pooled curve, as
 * `survfit(Surv(time, event) ~ group)` and `~ 1`. A level with no rows gets no curve (R drops it).
 * Horizon rules resolve over the group curves, so every curve uses the same horizons.
 */
export function kaplanMeierByGroup(input: GroupedSurvivalInput, options: ByGroupOptions = {}): CurveSet {
  const settings = checkOptions(options);
  const data = checkRows(input);
  if (input.group.length !== data.time.length) {
    throw inputError('group', `${data.time.length} values, as many as time`, undefined, input.group.length);
  }
  const levels = options.levels ? checkLevels(options.levels) : factorLevels(input.group);
  const codes = factorCodes(input.group, levels, 'group');
  const tables = tabulateEvents(data.time, data.event, codes, levels.length, settings.timefix);
  const fits: { level: string; records: number; fit: ProductLimit }[] = [];
  tables.byGroup.forEach((table, g) => {
    if (table.records > 0)
      fits.push({ level: levels[g] as string, records: table.records, fit: productLimit(table) });
  });
  const groupFits = fits.map((f) => f.fit);
  const curveSettings: CurveSettings = { ...settings, horizons: resolveHorizons(settings.rmean, groupFits) };
  return {
    conf_level: settings.confLevel,
    conf_types: [...settings.confTypes],
    conf_lower: 'usual',
    overall: buildCurve(productLimit(tables.overall), tables.overall.records, 'overall', null, curveSettings),
    by_group: fits.map((f) => buildCurve(f.fit, f.records, f.level, f.level, curveSettings)),
  };
}

/** Rows checked by `checkSurvival`, and at least one. */
export function checkRows(input: SurvivalInput): SurvivalData {
  const data = checkSurvival(input);
  if (data.time.length === 0) throw inputError('time', 'at least one row', undefined, 0);
  return data;
}

interface CheckedOptions {
  confTypes: ConfType[];
  confLevel: number;
  z: number;
  probs: number[];
  rmean: readonly HorizonRequest[];
  timefix: boolean;
}

function checkOptions(options: KaplanMeierOptions): CheckedOptions {
  const requested = options.confType ?? 'log';
  const confTypes = [...new Set(typeof requested === 'string' ? [requested] : requested)];
  confTypes.forEach((t, i) => {
    if (!CONF_TYPES.includes(t)) {
      throw inputError('options.confType', `one of ${CONF_TYPES.join(', ')}`, i + 1, t);
    }
  });
  const confLevel = options.confLevel ?? 0.95;
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1)) {
    throw inputError('options.confLevel', 'a number between 0 and 1', undefined, confLevel);
  }
  const probs = [...(options.probs ?? DEFAULT_PROBS)];
  probs.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw inputError('options.probs', 'a probability in [0, 1]', i + 1, p);
    }
  });
  const rmean = options.rmean ?? DEFAULT_RMEAN;
  rmean.forEach((r, i) => {
    const h = typeof r === 'number' ? r : 'horizon' in r ? r.horizon : 0;
    const rule = typeof r === 'number' ? 'fixed' : r.horizon_rule;
    if (typeof h !== 'number' || !Number.isFinite(h) || h < 0) {
      throw inputError('options.rmean', 'a horizon, a finite number ≥ 0', i + 1, h);
    }
    if (!['fixed', 'max_time', 'min_over_groups_of_max_time'].includes(rule)) {
      throw inputError('options.rmean', 'a horizon rule', i + 1, rule);
    }
  });
  const timefix = options.timefix ?? true;
  return { confTypes, confLevel, z: zForLevel(confLevel), probs, rmean, timefix };
}

function checkLevels(levels: readonly string[]): string[] {
  const seen = new Set<string>();
  levels.forEach((l, i) => {
    if (typeof l !== 'string' || seen.has(l)) {
      throw inputError('options.levels', 'distinct strings', i + 1, l);
    }
    seen.add(l);
  });
  return [...levels];
}
