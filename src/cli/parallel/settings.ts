/**
 * How many worker threads `trialkit screen` uses, and from what input size
 * (docs/decisions/0005-parallel-screening.md). Environment variables, for debugging and tests:
 * TRIALKIT_WORKERS (0 = no worker threads: the sequential path) and TRIALKIT_PARALLEL_MIN_BYTES.
 */
import { availableParallelism } from 'node:os';
import { UsageError } from '../usage-error.ts';

export interface ParallelSettings {
  /** Worker threads; 0 = screen on the main thread. */
  workers: number;
  /** Below this many bytes of input, starting workers costs more than it saves. */
  minBytes: number;
}

/** One worker per core, up to 8 (beyond that the main thread's writing becomes the limit). */
const MAX_DEFAULT_WORKERS = 8;
const MAX_WORKERS = 64;
/**
 * Workers cost about a second of CPU before they pay off (each boots, loads the protocol and warms
 * up its own JIT); on a 2-core machine they start to win at about 250 MB of NDJSON (bench:screen:
 * 179 MB, 2,000 patients: 2.6 s sequential, 2.9 s with workers; 448 MB: 5.3 s vs 4.4 s).
 */
export const MIN_PARALLEL_BYTES = 256 << 20;

function wholeNumber(name: string, text: string | undefined, max: number): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) > max)
    throw new UsageError(`${name}="${text}": expected a whole number from 0 to ${max}`);
  return Number(text);
}

export function parallelSettings(env: NodeJS.ProcessEnv = process.env): ParallelSettings {
  return {
    workers:
      wholeNumber('TRIALKIT_WORKERS', env.TRIALKIT_WORKERS, MAX_WORKERS) ??
      Math.min(MAX_DEFAULT_WORKERS, Math.max(1, availableParallelism())),
    minBytes:
      wholeNumber('TRIALKIT_PARALLEL_MIN_BYTES', env.TRIALKIT_PARALLEL_MIN_BYTES, Number.MAX_SAFE_INTEGER) ??
      MIN_PARALLEL_BYTES,
  };
}
