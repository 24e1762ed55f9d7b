/**
 * Minimization after Pocock & Simon, "Sequential treatment assignment with balancing for prognostic
 * factors in the controlled clinical trial", Biometrics 1975;31:103-115.
 *
 * For a new subject with level j_i of each factor i, and each arm k: imagine the subject assigned to
 * k; take x_ik = the counts, per arm, of earlier subjects at level j_i of factor i, with the new
 * subject added to arm k; d_ik = the imbalance of x_ik (range: max − min; or variance over the arms,
 * here the population variance Σ(x − mean)²/K, which orders arms exactly as the sample variance);
 * G_k = Σ_i w_i d_ik. The preferred arm is the one with the lowest G_k. It is assigned with
 * probability p and each other arm with (1 − p)/(K − 1) (Pocock & Simon's simplest assignment rule);
 * when several arms share the lowest G_k, one of them is drawn with equal probability. With p = 1 the
 * method is deterministic apart from ties, which loses allocation concealment: p < 1 is usual.
 *
 * Equal allocation only (validated in config.ts): unequal ratios need a modified score (e.g. Han,
 * Enas & McEntegart, Stat Med 2009;28:3329-3346), which this engine does not implement.
 *
 * Every draw comes from the stream (purpose `minimization`, label = the subject's sequence number):
 * the same seed, history and sequence number always give the same result.
 */

import { InputError } from '../contracts/index.ts';
import { checkConfig, type MinimizationConfig, type RandomizationConfig } from './config.ts';
import { levelIndices } from './strata.ts';
import { RandomStream, seedBytes } from './stream.ts';
import type { FactorValues, MinimizationResult } from './types.ts';

/** An earlier allocation as minimization needs it: the arm and the subject's factor levels. */
export interface PreviousAllocation {
  arm: string;
  factors: FactorValues;
}

/** counts[factor][level][arm]: earlier subjects at each level of each factor, per arm. */
export type MarginCounts = number[][][];

/** Scores closer than this (relative) are a tie: weights like 0.1 make exact float equality fragile. */
const TIE_TOLERANCE = 1e-9;

export function emptyMargins(config: Pick<RandomizationConfig, 'factors' | 'arms'>): MarginCounts {
  return config.factors.map((f) => f.levels.map(() => config.arms.map(() => 0)));
}

/** Adds one subject (level index per factor, arm index) to the margins, in place. */
export function addToMargins(margins: MarginCounts, levels: readonly number[], arm: number): void {
  levels.forEach((level, f) => {
    const row = margins[f]?.[level];
    if (row) row[arm] = (row[arm] ?? 0) + 1;
  });
}

function imbalanceOf(x: readonly number[], measure: MinimizationConfig['imbalance']): number {
  if (measure === 'range') return Math.max(...x) - Math.min(...x);
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  return x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
}

/** G_k for every arm k (trusted input: level indices and margins match the configuration). */
export function scoreArms(
  config: MinimizationConfig,
  margins: MarginCounts,
  levels: readonly number[],
): number[] {
  return config.arms.map((_, k) =>
    config.factors.reduce((g, factor, f) => {
      const x = [...(margins[f]?.[levels[f] as number] ?? [])];
      x[k] = (x[k] ?? 0) + 1;
      return g + (config.weights[factor.id] ?? 1) * imbalanceOf(x, config.imbalance);
    }, 0),
  );
}

/**
 * The unchecked core: one allocation from the margins of the `allocatedSoFar` earlier subjects.
 * Callers that allocate many subjects (rehearsal) keep the margins up to date instead of recounting.
 */
export function allocate(
  config: MinimizationConfig,
  margins: MarginCounts,
  levels: readonly number[],
  key: Buffer,
  sequenceNumber: number,
  allocatedSoFar: number,
): MinimizationResult {
  const arms = config.arms.map((a) => a.id);
  const g = scoreArms(config, margins, levels);
  const scores = Object.fromEntries(arms.map((id, k) => [id, g[k] as number]));
  const stream = new RandomStream(key, 'minimization', String(sequenceNumber));
  const result = (k: number, rest: Omit<MinimizationResult, 'arm' | 'scores'>) => ({
    arm: arms[k] as string,
    scores,
    ...rest,
  });

  if (allocatedSoFar < config.initialRandom) {
    const k = stream.nextInt(arms.length);
    return result(k, {
      preferredArm: null,
      probabilityUsed: 1 / arms.length,
      tie: false,
      rule: 'initial-random',
    });
  }
  const lowest = Math.min(...g);
  const tolerance = TIE_TOLERANCE * Math.max(1, Math.abs(lowest));
  const best = g.flatMap((score, k) => (score - lowest <= tolerance ? [k] : []));
  if (best.length > 1) {
    const k = best[stream.nextInt(best.length)] as number;
    return result(k, { preferredArm: null, probabilityUsed: 1 / best.length, tie: true, rule: 'tie' });
  }
  const preferred = best[0] as number;
  const p = config.preferredArmProbability;
  let k = preferred;
  if (!(stream.nextUnit() < p)) {
    const others = arms.flatMap((_, i) => (i === preferred ? [] : [i]));
    k = others[stream.nextInt(others.length)] as number;
  }
  return result(k, {
    preferredArm: arms[preferred] as string,
    probabilityUsed: p,
    tie: false,
    rule: 'minimization',
  });
}

/**
 * Allocates one subject by minimization, given every earlier allocation of the trial. `sequenceNumber`
 * is this subject's 1-based randomization number: it keys the random draw, so it must be new for each
 * subject (at least `previous.length + 1`). Throws `InputError` naming any bad input.
 */
export function minimize(
  config: RandomizationConfig,
  previous: readonly PreviousAllocation[],
  subjectFactors: FactorValues,
  seed: string,
  sequenceNumber: number,
): MinimizationResult {
  const key = seedBytes(seed);
  const checked = checkConfig(config);
  if (checked.method !== 'minimization') {
    throw new InputError({
      path: 'method',
      expected: '"minimization" (a permuted-block trial allocates from its list)',
      value: checked.method,
    });
  }
  if (!Array.isArray(previous))
    throw new InputError({
      path: 'previous',
      expected: 'a list of earlier allocations',
      value: previous,
    });
  if (!Number.isSafeInteger(sequenceNumber) || sequenceNumber < previous.length + 1) {
    throw new InputError({
      path: 'sequenceNumber',
      expected: `an integer ≥ ${previous.length + 1} (one more than the earlier allocations), new for each subject`,
      value: sequenceNumber,
    });
  }
  const levels = levelIndices(checked.factors, subjectFactors, 'subjectFactors');
  const margins = emptyMargins(checked);
  previous.forEach((p, i) => {
    const arm = checked.arms.findIndex((a) => a.id === p?.arm);
    if (arm < 0) {
      throw new InputError({
        path: `previous[${i}].arm`,
        expected: `an arm ID (${checked.arms.map((a) => a.id).join(', ')})`,
        value: p?.arm,
      });
    }
    addToMargins(margins, levelIndices(checked.factors, p.factors, `previous[${i}].factors`), arm);
  });
  return allocate(checked, margins, levels, key, sequenceNumber, previous.length);
}
