/**
 * Test helper (not exported from index.ts): compares every field of a Curve with R's, collecting one
 * message per mismatch (case, field, index, expected, actual, difference, tolerance) via
 * test/support/r-fixtures.ts.
 */
import { compareNumbers, type Tolerance } from '../../../test/support/r-fixtures.ts';
import type { Curve } from './types.ts';

const COLUMNS = [
  'time',
  'n_risk',
  'n_event',
  'n_censor',
  'surv',
  'std_err',
  'std_err_surv',
  'cumhaz',
  'std_chaz',
] as const;
const COUNTS = ['records', 'n_max', 'n_start', 'events'] as const;

export function compareCurve(
  errors: string[],
  where: string,
  actual: Curve,
  expected: Curve,
  tol: Tolerance,
): void {
  if (actual.label !== expected.label)
    errors.push(`${where}.label: expected ${expected.label}, actual ${actual.label}`);
  if (actual.group !== expected.group)
    errors.push(`${where}.group: expected ${expected.group}, actual ${actual.group}`);
  for (const field of COUNTS)
    compareNumbers(errors, `${where}.${field}`, actual[field], expected[field], tol);
  for (const field of COLUMNS)
    compareNumbers(errors, `${where}.${field}`, actual[field], expected[field], tol);
  for (const [type, band] of Object.entries(expected.ci)) {
    const got = actual.ci[type as keyof Curve['ci']];
    const at = `${where}.ci[${type}]`;
    if (!got || !band) {
      errors.push(`${at}: missing`);
      continue;
    }
    compareNumbers(errors, `${at}.lower`, got.lower, band.lower, tol);
    compareNumbers(errors, `${at}.upper`, got.upper, band.upper, tol);
    for (const key of ['estimate', 'lower', 'upper'] as const) {
      compareNumbers(errors, `${at}.median.${key}`, got.median[key], band.median[key], tol);
    }
    for (const key of ['probs', 'estimate', 'lower', 'upper'] as const) {
      compareNumbers(errors, `${at}.quantiles.${key}`, got.quantiles[key], band.quantiles[key], tol);
    }
  }
  if (actual.rmean.length !== expected.rmean.length) {
    errors.push(`${where}.rmean: expected ${expected.rmean.length} horizons, actual ${actual.rmean.length}`);
    return;
  }
  expected.rmean.forEach((e, i) => {
    const a = actual.rmean[i];
    const at = `${where}.rmean[${i}]`;
    if (a?.horizon_rule !== e.horizon_rule)
      errors.push(`${at}.horizon_rule: expected ${e.horizon_rule}, actual ${a?.horizon_rule}`);
    for (const key of ['horizon', 'rmean', 'se'] as const)
      compareNumbers(errors, `${at}.${key}`, a?.[key], e[key], tol);
  });
}
