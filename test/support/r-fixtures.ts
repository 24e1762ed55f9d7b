/**
 * Reading the R survival reference fixtures (../shared/fixtures/r-survival/FORMAT.md) and comparing
 * numbers with a named tolerance, so that a failure prints the case, the field, the index, the
 * expected and actual values, their difference and the tolerance (STYLE.md item 9).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const R_SURVIVAL_DIR = fileURLToPath(new URL('../../../shared/fixtures/r-survival/', import.meta.url));
/** The extra R cases written by scripts/r-extra/*.R, in the same number conventions. */
export const R_EXTRA_DIR = fileURLToPath(new URL('../fixtures/r-extra/', import.meta.url));

/** The survival cases (every fixture file but binomial.json). */
export const SURVIVAL_CASES = ['lung_sex', 'veteran_trt', 'aml_x', 'ovarian_rx'] as const;

/** Fixture JSON with the strings "Inf", "-Inf", "NaN" turned back into those doubles (FORMAT.md). */
function parseFixture(text: string): unknown {
  return JSON.parse(text, (_key, value) => {
    if (value === 'Inf') return Number.POSITIVE_INFINITY;
    if (value === '-Inf') return Number.NEGATIVE_INFINITY;
    if (value === 'NaN') return Number.NaN;
    return value;
  });
}

/** A shared fixture file, parsed. */
// biome-ignore lint/suspicious/noExplicitAny: untyped JSON by default; callers name the part they read.
export function loadFixture<T = any>(name: string): T {
  return parseFixture(readFileSync(`${R_SURVIVAL_DIR}${name}.json`, 'utf8')) as T;
}

/** One extra R fixture file (test/fixtures/r-extra/<name>.json), parsed as loadFixture does. */
export function loadExtraFixture<T>(name: string): T {
  return parseFixture(readFileSync(`${R_EXTRA_DIR}${name}.json`, 'utf8')) as T;
}

/** Every extra R fixture file whose name starts with `prefix`, in file-name order. */
export function loadExtraFixtures<T>(prefix: string): T[] {
  return readdirSync(R_EXTRA_DIR)
    .filter((file) => file.startsWith(prefix) && file.endsWith('.json'))
    .sort()
    .map((file) => parseFixture(readFileSync(`${R_EXTRA_DIR}${file}`, 'utf8')) as T);
}

/** What every survival case file holds besides its results (FORMAT.md, "Case file: top level", `data`). */
export interface SurvivalCase {
  case_id: string;
  /** Group levels in R's order; the first is the Cox reference level. */
  group_levels: string[];
  strata_levels: string[] | null;
  data: {
    n: number;
    time: number[];
    event: number[];
    group: string[];
    strata: string[] | null;
    /** null = NA (the row is dropped by R's na.omit in the Cox models). */
    covariates: Record<string, (number | null)[]>;
  };
}

export interface Tolerance {
  /** Relative tolerance, |a − e| ≤ rel·|e|. */
  rel?: number;
  /** Absolute tolerance, |a − e| ≤ abs. Either bound passing is enough. */
  abs?: number;
}

/** Relative 1e-10: closed-form quantities (KM, log-rank, exact tests), FORMAT.md. */
export const CLOSED_FORM: Tolerance = { rel: 1e-10, abs: 1e-13 };
/** Relative 1e-6: Cox estimates (R stops iterating at eps = 1e-9), FORMAT.md. */
export const COX_ESTIMATE: Tolerance = { rel: 1e-6, abs: 1e-12 };
/** Absolute 1e-9: Cox log-likelihoods, FORMAT.md. */
export const COX_LOGLIK: Tolerance = { abs: 1e-9 };

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/**
 * Why `actual` does not match `expected` within `tol`, or undefined when it does. null = R's NA and
 * must match exactly; non-finite values must match exactly (NaN matches NaN).
 */
export function mismatch(actual: unknown, expected: unknown, tol: Tolerance): string | undefined {
  if (expected === null || actual === null || actual === undefined) {
    return actual === expected ? undefined : `expected ${describe(expected)}, actual ${describe(actual)}`;
  }
  if (typeof expected !== 'number' || typeof actual !== 'number') {
    return actual === expected ? undefined : `expected ${describe(expected)}, actual ${describe(actual)}`;
  }
  if (
    Number.isNaN(expected) ||
    Number.isNaN(actual) ||
    !Number.isFinite(expected) ||
    !Number.isFinite(actual)
  ) {
    return Object.is(actual, expected) ? undefined : `expected ${expected}, actual ${actual}`;
  }
  const diff = Math.abs(actual - expected);
  const rel = tol.rel === undefined ? -1 : tol.rel * Math.abs(expected);
  const abs = tol.abs ?? -1;
  if (diff <= rel || diff <= abs) return undefined;
  const bounds = [
    tol.rel === undefined ? '' : `rel ${tol.rel}`,
    tol.abs === undefined ? '' : `abs ${tol.abs}`,
  ]
    .filter(Boolean)
    .join(' or ');
  return `expected ${expected}, actual ${actual}, difference ${diff.toExponential(3)} (relative ${(diff / Math.abs(expected)).toExponential(3)}), tolerance ${bounds}`;
}

/**
 * Compares a number, an array or a matrix of numbers; collects one line per mismatch into `errors`
 * as "<where>[i][j]: expected …". Lengths must agree.
 */
export function compareNumbers(
  errors: string[],
  where: string,
  actual: unknown,
  expected: unknown,
  tol: Tolerance,
): void {
  if (Array.isArray(expected)) {
    const list =
      actual instanceof Float64Array || Array.isArray(actual)
        ? Array.from(actual as ArrayLike<unknown>)
        : undefined;
    if (!list || list.length !== expected.length) {
      errors.push(
        `${where}: expected ${expected.length} values, actual ${list ? list.length : describe(actual)}`,
      );
      return;
    }
    expected.forEach((e, i) => {
      compareNumbers(errors, `${where}[${i}]`, list[i], e, tol);
    });
    return;
  }
  const why = mismatch(actual, expected, tol);
  if (why) errors.push(`${where}: ${why}`);
}

/**
 * Compares every field of `expected` (a fixture section) with the same path in `actual`, recursively;
 * extra fields in `actual` are allowed. `tolerance(path)` picks the tolerance of each number; keys in
 * `skip` (free text such as descriptions) are not compared.
 */
export function compareTree(
  errors: string[],
  where: string,
  actual: unknown,
  expected: unknown,
  tolerance: (path: string) => Tolerance,
  skip: ReadonlySet<string> = new Set(),
): void {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== 'object') {
      errors.push(`${where}: expected an object, actual ${describe(actual)}`);
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      if (skip.has(key)) continue;
      compareTree(
        errors,
        `${where}.${key}`,
        (actual as Record<string, unknown>)[key],
        value,
        tolerance,
        skip,
      );
    }
    return;
  }
  if (Array.isArray(expected) && expected.some((e) => e !== null && typeof e === 'object')) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      errors.push(
        `${where}: expected ${expected.length} entries, actual ${Array.isArray(actual) ? actual.length : describe(actual)}`,
      );
      return;
    }
    expected.forEach((e, i) => {
      compareTree(errors, `${where}[${i}]`, actual[i], e, tolerance, skip);
    });
    return;
  }
  compareNumbers(errors, where, actual, expected, tolerance(where));
}
