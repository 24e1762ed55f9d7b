/**
 * The checking half of `coxPh` (STYLE.md item 2): validates the columns and builds the design
 * matrix as R's `model.matrix` does for `Surv(time, event) ~ group + x + … + strata(s)`:
 * treatment-contrast dummies `group<level>` for factors, numeric covariates as given, and rows with
 * a missing model variable left out (R's default `na.omit`), reported 1-based.
 */
import { checkSurvival, factorCodes, factorLevels, inputError } from '../input.ts';
import type { CoxInput } from './types.ts';

export interface CoxDesign {
  terms: string[];
  nvar: number;
  /** 0-based input row of each row used. */
  rows: Uint32Array;
  /** 1-based input rows left out for a missing covariate. */
  omitted: number[];
  /** One array per design column, rows used. */
  columns: Float64Array[];
  /** Model terms and their design columns (R's `assign`). */
  assign: { name: string; columns: number[] }[];
  time: Float64Array;
  status: Uint8Array;
  stratum: Int32Array | null;
  strataLevels: string[] | null;
}

/** One design column: a numeric covariate, or the dummy of one factor level. */
type Column =
  | { kind: 'numeric'; values: ArrayLike<number | null> }
  | { kind: 'dummy'; codes: Int32Array; level: number };

function checkLength(field: string, values: ArrayLike<unknown>, n: number): void {
  if (values.length !== n) {
    throw inputError(field, `${n} values, as many as time`, undefined, values.length);
  }
}

function checkLevels(field: string, levels: readonly string[]): void {
  // R: "contrasts can be applied only to factors with 2 or more levels"
  if (levels.length < 2) throw inputError(field, 'at least two levels', undefined, levels);
  if (new Set(levels).size !== levels.length) {
    throw inputError(field, 'distinct levels', undefined, levels);
  }
}

/** Term names in model order: `input.terms`, or group, covariates, factor covariates. */
function termOrder(input: CoxInput, groupName: string): string[] {
  const known = new Set<string>();
  if (input.group) known.add(groupName);
  const add = (field: string, name: string) => {
    if (known.has(name)) throw inputError(`${field}.${name}`, 'a column name used only once');
    known.add(name);
  };
  for (const name of Object.keys(input.covariates ?? {})) add('covariates', name);
  for (const name of Object.keys(input.factorCovariates ?? {})) add('factorCovariates', name);
  if (!input.terms) return [...known];
  const seen = new Set<string>();
  for (const term of input.terms) {
    if (!known.has(term)) {
      throw inputError('terms', `names of given columns (${[...known].join(', ')})`, undefined, term);
    }
    if (seen.has(term)) throw inputError('terms', 'each term once', undefined, term);
    seen.add(term);
  }
  return [...input.terms];
}

/** Factor labels must be strings (null allowed where `missing` is): the error names the row. */
function checkLabels(field: string, values: ArrayLike<unknown>, allowNull: boolean): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string' || (allowNull && (v === null || v === undefined))) continue;
    throw inputError(field, allowNull ? 'a string label or null (missing)' : 'a string label', i + 1, v);
  }
}

/** Marks rows with a missing value in `missing`; rejects non-numbers and infinities (R stops too). */
function markNumeric(field: string, values: ArrayLike<number | null>, missing: Uint8Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || Number.isNaN(v)) missing[i] = 1;
    else if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw inputError(field, 'a finite number or null (missing)', i + 1, v);
    }
  }
}

/** Validates `input` and builds the design of the rows without missing model variables. */
export function buildCoxDesign(input: CoxInput): CoxDesign {
  const { time, event } = checkSurvival(input);
  const n = time.length;
  const groupName = input.groupName ?? 'group';
  const missing = new Uint8Array(n);
  const terms: string[] = [];
  const columns: Column[] = [];
  const assign: { name: string; columns: number[] }[] = [];

  const order = termOrder(input, groupName);
  // First every missing value, so that factor levels come from the rows the model uses: R's
  // model.frame drops incomplete rows (na.omit) before a text column becomes a factor, so a level
  // seen only on dropped rows gets no dummy.
  for (const term of order) {
    const numeric = input.covariates?.[term];
    if (term === groupName && input.group) {
      checkLength(groupName, input.group, n);
      checkLabels(groupName, input.group, false);
    } else if (numeric) {
      checkLength(`covariates.${term}`, numeric, n);
      markNumeric(`covariates.${term}`, numeric, missing);
    } else {
      const field = `factorCovariates.${term}`;
      const factor = input.factorCovariates?.[term] as NonNullable<CoxInput['factorCovariates']>[string];
      checkLength(field, factor.values, n);
      checkLabels(field, factor.values, true);
      for (let i = 0; i < n; i++) if (typeof factor.values[i] !== 'string') missing[i] = 1;
    }
  }
  if (missing.every((m) => m === 1))
    throw inputError('covariates', 'at least one row without missing values');
  const usedLabels = (values: ArrayLike<string | null>) =>
    Array.from(values).filter((v, i): v is string => typeof v === 'string' && !missing[i]);
  // Rows left out need no code (their label may be a level the used rows do not have).
  const masked = (values: ArrayLike<string | null>) => Array.from(values, (v, i) => (missing[i] ? null : v));

  for (const term of order) {
    const first = columns.length;
    const numeric = input.covariates?.[term];
    if (term === groupName && input.group) {
      const group = input.group;
      const levels = input.groupLevels ?? factorLevels(usedLabels(group));
      checkLevels('groupLevels', levels);
      const codes = factorCodes(input.groupLevels ? group : masked(group), levels, groupName, true);
      for (let level = 1; level < levels.length; level++) {
        terms.push(`${groupName}${levels[level]}`);
        columns.push({ kind: 'dummy', codes, level });
      }
    } else if (numeric) {
      terms.push(term);
      columns.push({ kind: 'numeric', values: numeric });
    } else {
      const factor = input.factorCovariates?.[term] as NonNullable<CoxInput['factorCovariates']>[string];
      const field = `factorCovariates.${term}`;
      const levels = factor.levels ?? factorLevels(usedLabels(factor.values));
      checkLevels(`${field}.levels`, levels);
      const codes = factorCodes(factor.levels ? factor.values : masked(factor.values), levels, field, true);
      for (let level = 1; level < levels.length; level++) {
        terms.push(`${term}${levels[level]}`);
        columns.push({ kind: 'dummy', codes, level });
      }
    }
    assign.push({ name: term, columns: columns.slice(first).map((_, k) => first + k) });
  }

  let stratumAll: Int32Array | null = null;
  let strataLevels: string[] | null = null;
  if (input.strata) {
    checkLength('strata', input.strata, n);
    checkLabels('strata', input.strata, false);
    strataLevels = factorLevels(input.strata);
    stratumAll = factorCodes(input.strata, strataLevels, 'strata');
  }

  const omitted: number[] = [];
  for (let i = 0; i < n; i++) if (missing[i]) omitted.push(i + 1);
  const used = n - omitted.length;

  const nvar = columns.length;
  const rows = new Uint32Array(used);
  const usedTime = new Float64Array(used);
  const status = new Uint8Array(used);
  const stratum = stratumAll ? new Int32Array(used) : null;
  for (let i = 0, r = 0; i < n; i++) {
    if (missing[i]) continue;
    rows[r] = i;
    usedTime[r] = time[i] as number;
    status[r] = event[i] as number;
    if (stratum) stratum[r] = (stratumAll as Int32Array)[i] as number;
    r++;
  }
  const design = columns.map((column) => {
    const values = new Float64Array(used);
    for (let r = 0; r < used; r++) {
      const i = rows[r] as number;
      if (column.kind === 'numeric') values[r] = column.values[i] as number;
      else values[r] = column.codes[i] === column.level ? 1 : 0;
    }
    return values;
  });
  return {
    terms,
    nvar,
    rows,
    omitted,
    columns: design,
    assign,
    time: usedTime,
    status,
    stratum,
    strataLevels,
  };
}
