/**
 * Stratified permuted-block randomization: each stratum gets its own list, made of blocks whose size
 * is drawn at random from `blockSizes` and whose arms are exactly balanced per the ratio, in random
 * order. Varying the block size keeps staff who know the past allocations from predicting the end of
 * a block: ICH E9 §2.3.2 asks that staff be blind to the block length, which two or more lengths,
 * randomly selected for each block, achieve. It matters most in open-label trials such as NCT05168163.
 *
 * Each stratum's list is drawn from its own stream (purpose `permuted-blocks`, label = stratum key):
 * the same seed and stratum always give the same list, whatever the other strata are.
 */

import { InputError, type RandomizationLimits } from '../contracts/index.ts';
import {
  checkConfig,
  DEFAULT_RANDOMIZATION_LIMITS,
  type PermutedBlocksConfig,
  type RandomizationConfig,
} from './config.ts';
import { listStrata } from './strata.ts';
import { ALGORITHM, RandomStream, seedBytes } from './stream.ts';
import type { AllocationEntry, AllocationList } from './types.ts';

/** One stratum's list: complete blocks until at least `listLengthPerStratum` entries (trusted config). */
export function stratumList(config: PermutedBlocksConfig, key: Buffer, stratum: string): AllocationEntry[] {
  const stream = new RandomStream(key, 'permuted-blocks', stratum);
  const ratioSum = config.arms.reduce((s, a) => s + a.ratio, 0);
  const entries: AllocationEntry[] = [];
  let block = 0;
  while (entries.length < config.listLengthPerStratum) {
    block += 1;
    const blockSize = config.blockSizes[stream.nextInt(config.blockSizes.length)] as number;
    const perRatioUnit = blockSize / ratioSum;
    const arms = config.arms.flatMap((a) => Array<string>(a.ratio * perRatioUnit).fill(a.id));
    for (const arm of stream.shuffle(arms)) {
      entries.push({ stratum, sequence: entries.length + 1, arm, block, blockSize });
    }
  }
  return entries;
}

/**
 * The allocation list of every stratum. Throws `InputError` for a bad seed, a configuration
 * that is invalid or beyond `limits`, or one whose method is not `permuted-blocks`.
 */
export function generateAllocationList(
  config: RandomizationConfig,
  seed: string,
  limits: RandomizationLimits = DEFAULT_RANDOMIZATION_LIMITS,
): AllocationList {
  const key = seedBytes(seed);
  const checked = checkConfig(config, limits);
  if (checked.method !== 'permuted-blocks') {
    throw new InputError({
      path: 'method',
      expected: '"permuted-blocks" (a minimization trial has no list: call minimize per subject)',
      value: checked.method,
    });
  }
  return {
    algorithm: ALGORITHM,
    strata: listStrata(checked).map(({ stratum, factors }) => ({
      stratum,
      factors,
      entries: stratumList(checked, key, stratum),
    })),
  };
}
