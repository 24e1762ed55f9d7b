/**
 * Strata and their keys. A key is the factors in configuration order, `factor=level`, joined by `|`
 * (`planned-mki=cabozantinib`); with no factors the single stratum is `all`. Keys are stored with
 * every list entry and allocation, so they must stay readable and never change for a given config.
 */

import { InputError, type InputIssue } from '../contracts/index.ts';
import type { Factor, RandomizationConfig } from './config.ts';
import type { FactorValues } from './types.ts';

/** The key of the one stratum of an unstratified configuration. */
export const UNSTRATIFIED = 'all';

/** The key of a stratum given one level index per factor (trusted; see `levelIndices`). */
export function keyOf(factors: readonly Factor[], levels: readonly number[]): string {
  if (factors.length === 0) return UNSTRATIFIED;
  return factors.map((f, i) => `${f.id}=${f.levels[levels[i] as number]}`).join('|');
}

/**
 * Checks a subject's factor values against the configuration and returns the index of each factor's
 * level. Every problem is reported at once: an unknown factor, a missing factor, an unknown level.
 */
export function levelIndices(factors: readonly Factor[], values: unknown, field = 'factors'): number[] {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new InputError({
      path: field,
      expected: `a mapping of factor ID to level (${factors.map((f) => f.id).join(', ') || 'no factors'})`,
      value: values,
    });
  }
  const given = values as Record<string, unknown>;
  const issues: InputIssue[] = [];
  for (const id of Object.keys(given)) {
    if (!factors.some((f) => f.id === id)) {
      const known = factors.map((f) => f.id).join(', ');
      issues.push({
        path: `${field}.${id}`,
        expected: known ? `a configured factor (${known})` : 'no factors: the configuration has none',
        value: given[id],
      });
    }
  }
  const indices = factors.map((f) => {
    const level = Object.hasOwn(given, f.id) ? given[f.id] : undefined;
    const index = typeof level === 'string' ? f.levels.indexOf(level) : -1;
    if (index < 0) {
      issues.push({
        path: `${field}.${f.id}`,
        expected: `a level of "${f.label}": one of ${f.levels.join(', ')}`,
        value: level,
      });
    }
    return index;
  });
  if (issues.length > 0) throw new InputError(issues);
  return indices;
}

/** The stratum key of a subject's factor values; throws `InputError` naming any bad value. */
export function stratumKey(config: RandomizationConfig, factorValues: FactorValues): string {
  return keyOf(config.factors, levelIndices(config.factors, factorValues));
}

/** Every stratum of the configuration, in order (the last factor varies fastest). */
export function listStrata(config: RandomizationConfig): { stratum: string; factors: FactorValues }[] {
  const { factors } = config;
  let combos: number[][] = [[]];
  for (const f of factors) combos = combos.flatMap((c) => f.levels.map((_, i) => [...c, i]));
  return combos.map((levels) => ({
    stratum: keyOf(factors, levels),
    factors: Object.fromEntries(factors.map((f, i) => [f.id, f.levels[levels[i] as number] as string])),
  }));
}
