/**
 * Rehearsal: runs a configuration on throwaway subjects and reports the balance it achieves, so a
 * statistician can judge block sizes or minimization weights before the trial uses them. The
 * subjects are given, or drawn from the seed with given level frequencies. Allocation goes through
 * exactly the code the trial uses (`stratumList`, `allocate`). Rehearse with a fresh seed
 * (`newSeed()`), never the trial's: a rehearsal of the real seed prints the real list.
 */

import { InputError, type RandomizationLimits } from '../contracts/index.ts';
import {
  checkConfig,
  DEFAULT_RANDOMIZATION_LIMITS,
  type Factor,
  type RandomizationConfig,
  strataCount,
} from './config.ts';
import { addToMargins, allocate, emptyMargins } from './minimization.ts';
import { stratumList } from './permuted-blocks.ts';
import { keyOf, levelIndices, listStrata } from './strata.ts';
import { RandomStream, seedBytes } from './stream.ts';
import type { ArmCounts, BalanceRow, FactorValues, RehearsalAllocation, RehearsalReport } from './types.ts';

/** Subjects drawn from the seed: each factor's level independently, by relative frequency. */
export interface GeneratedSubjects {
  count: number;
  /**
   * Factor ID → level → relative frequency (need not sum to 1). A factor not listed has equal
   * frequencies; a level not listed under a listed factor has frequency 0.
   */
  levelProbabilities?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export type RehearsalSubjects = readonly FactorValues[] | GeneratedSubjects;

/** Cumulative frequencies per factor, checked. */
function frequencyTables(
  factors: readonly Factor[],
  given: GeneratedSubjects['levelProbabilities'],
): number[][] {
  const table = given ?? {};
  if (typeof table !== 'object' || table === null)
    throw new InputError({
      path: 'levelProbabilities',
      expected: 'a mapping of factor ID',
      value: table,
    });
  for (const id of Object.keys(table)) {
    if (!factors.some((f) => f.id === id))
      throw new InputError({
        path: `levelProbabilities.${id}`,
        expected: `a factor ID (${factors.map((f) => f.id).join(', ')})`,
        value: id,
      });
  }
  return factors.map((f) => {
    const row = table[f.id];
    if (row === undefined) return f.levels.map(() => 1);
    for (const level of Object.keys(row)) {
      if (!f.levels.includes(level))
        throw new InputError({
          path: `levelProbabilities.${f.id}.${level}`,
          expected: `a level of ${f.id} (${f.levels.join(', ')})`,
          value: level,
        });
    }
    const weights = f.levels.map((level) => row[level] ?? 0);
    weights.forEach((w, i) => {
      if (!Number.isFinite(w) || w < 0)
        throw new InputError({
          path: `levelProbabilities.${f.id}.${f.levels[i]}`,
          expected: 'a finite frequency ≥ 0',
          value: w,
        });
    });
    if (!weights.some((w) => w > 0))
      throw new InputError({
        path: `levelProbabilities.${f.id}`,
        expected: 'at least one level with a frequency above 0',
        value: row,
      });
    return weights;
  });
}

/** Level indices of every subject, given or generated. */
function subjectLevels(
  config: RandomizationConfig,
  key: Buffer,
  subjects: RehearsalSubjects,
  maxSubjects: number,
): number[][] {
  if (Array.isArray(subjects)) {
    if (subjects.length > maxSubjects)
      throw new InputError({
        path: 'subjects',
        expected: `at most ${maxSubjects} subjects (the limit of a rehearsal)`,
        value: `${subjects.length} subjects`,
      });
    return subjects.map((s, i) => levelIndices(config.factors, s, `subjects[${i}]`));
  }
  if (subjects === null || typeof subjects !== 'object')
    throw new InputError({
      path: 'subjects',
      expected: 'a list of factor values, or { count, levelProbabilities? }',
      value: subjects,
    });
  const { count, levelProbabilities } = subjects as GeneratedSubjects;
  if (!Number.isInteger(count) || count < 0 || count > maxSubjects)
    throw new InputError({
      path: 'subjects.count',
      expected: `an integer from 0 to ${maxSubjects} (the limit of a rehearsal)`,
      value: count,
    });
  const tables = frequencyTables(config.factors, levelProbabilities);
  const stream = new RandomStream(key, 'rehearsal-subjects', '');
  return Array.from({ length: count }, () =>
    tables.map((weights) => {
      const total = weights.reduce((s, w) => s + w, 0);
      let u = stream.nextUnit() * total;
      for (const [index, w] of weights.entries()) {
        if (w > 0 && u < w) return index;
        u -= w;
      }
      return weights.findLastIndex((w) => w > 0); // rounding can leave u ≥ 0 after the last level
    }),
  );
}

function balanceRow(config: RandomizationConfig, counts: ArmCounts): BalanceRow {
  const total = Object.values(counts).reduce((s, n) => s + n, 0);
  const perRatioUnit = config.arms.map((a) => (counts[a.id] ?? 0) / a.ratio);
  return { counts, total, imbalance: Math.max(...perRatioUnit) - Math.min(...perRatioUnit) };
}

function zeroCounts(config: RandomizationConfig): ArmCounts {
  return Object.fromEntries(config.arms.map((a) => [a.id, 0]));
}

/**
 * Randomizes the subjects with the configuration and reports the balance. Throws `InputError`
 * for bad input, for a configuration or a number of subjects beyond `limits`, and when a permuted-block
 * stratum needs more entries than its list holds (the trial would stop at that point too; raise
 * `listLengthPerStratum`).
 */
export function rehearse(
  config: RandomizationConfig,
  seed: string,
  subjects: RehearsalSubjects,
  limits: RandomizationLimits = DEFAULT_RANDOMIZATION_LIMITS,
): RehearsalReport {
  const key = seedBytes(seed);
  const checked = checkConfig(config, limits);
  const levels = subjectLevels(checked, key, subjects, limits.maxRehearsalSubjects);
  const armIndex = new Map(checked.arms.map((a, i) => [a.id, i]));
  const margins = emptyMargins(checked);
  const lists = new Map<string, { arms: string[]; next: number }>();
  const allocations: RehearsalAllocation[] = [];

  levels.forEach((subjectLevels, i) => {
    const stratum = keyOf(checked.factors, subjectLevels);
    let arm: string;
    if (checked.method === 'permuted-blocks') {
      let list = lists.get(stratum);
      if (!list) {
        list = { arms: stratumList(checked, key, stratum).map((e) => e.arm), next: 0 };
        lists.set(stratum, list);
      }
      if (list.next >= list.arms.length)
        throw new InputError({
          path: `subjects[${i}]`,
          expected: `a stratum with list entries left: ${stratum} holds ${list.arms.length}; raise listLengthPerStratum`,
          value: stratum,
        });
      arm = list.arms[list.next++] as string;
    } else {
      arm = allocate(checked, margins, subjectLevels, key, i + 1, i).arm;
    }
    addToMargins(margins, subjectLevels, armIndex.get(arm) as number);
    const factors = Object.fromEntries(
      checked.factors.map((f, fi) => [f.id, f.levels[subjectLevels[fi] as number] as string]),
    );
    allocations.push({ sequence: i + 1, stratum, factors, arm });
  });

  const overall = zeroCounts(checked);
  // Every stratum when they are few enough to read (limits.maxStrata); otherwise, as a minimization
  // over many factors can have millions, only those some subject fell in, in order of first use.
  const allStrata = strataCount(checked.factors) <= limits.maxStrata ? listStrata(checked) : [];
  const byStratum = new Map(allStrata.map((s) => [s.stratum, zeroCounts(checked)]));
  for (const a of allocations) {
    overall[a.arm] = (overall[a.arm] ?? 0) + 1;
    const row = byStratum.get(a.stratum) ?? zeroCounts(checked);
    row[a.arm] = (row[a.arm] ?? 0) + 1;
    byStratum.set(a.stratum, row);
  }
  const strata = [...byStratum].map(([stratum, counts]) => ({ stratum, ...balanceRow(checked, counts) }));
  const factorLevels = checked.factors.flatMap((f, fi) =>
    f.levels.map((level, li) => {
      const counts = Object.fromEntries(checked.arms.map((a, k) => [a.id, margins[fi]?.[li]?.[k] ?? 0]));
      return { factor: f.id, level, ...balanceRow(checked, counts) };
    }),
  );
  const maxOf = (rows: readonly BalanceRow[]) => rows.reduce((m, r) => Math.max(m, r.imbalance), 0);
  const overallRow = balanceRow(checked, overall);
  return {
    method: checked.method,
    subjects: allocations.length,
    overall: overallRow,
    byStratum: strata,
    byFactorLevel: factorLevels,
    maxImbalance: { overall: overallRow.imbalance, stratum: maxOf(strata), factorLevel: maxOf(factorLevels) },
    allocations,
  };
}
