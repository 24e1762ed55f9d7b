/**
 * Parallel screening of large grouped NDJSON (docs/decisions/0005-parallel-screening.md). The main
 * thread only coordinates and writes; worker threads (./worker.ts) do the work, in two phases:
 *
 * 1. pre-scan: the input is cut into byte ranges, the workers run the key scanner over them, and the
 *    main thread stitches the ranges and decides, by the sequential reader's own rule, whether the
 *    input is grouped by patient. If it is not, parallel screening steps aside before anything is
 *    written, and the sequential path (readPatients, buffered) runs exactly as without workers.
 * 2. screening: batches of whole patients go to the workers, which read, map, screen and format
 *    them; the results are written strictly in input order, with a bound on the batches in flight so
 *    that memory does not grow with the input.
 */

import type { Overall } from '../../eligibility/index.ts';
import {
  expandInputs,
  type InputFile,
  type IntakeError,
  type NdjsonPlan,
  type NdjsonRange,
  type NdjsonSegment,
  NdjsonStitcher,
  type RangeScan,
  splitNdjsonRanges,
} from '../../fhir/index.ts';
import { type Protocol, protocolData } from '../../protocol/index.ts';
import type { Progress } from '../progress.ts';
import type { BatchResult, ScreenJob, UnnumberedRequest } from './messages.ts';
import { OutputRing } from './output-ring.ts';
import { WorkerPool } from './pool.ts';
import type { ParallelSettings } from './settings.ts';
import { workerBundle } from './worker-bundle.ts';

export type { ScreenJob } from './messages.ts';

/**
 * One patient's formatted results (text, or UTF-8 bytes from a worker), or an input error. `written`,
 * when there is one, must be called once the text has been written out (its bytes may then be reused).
 */
export type ScreenItem =
  | { kind: 'patient'; text: string | Uint8Array; overall: Overall; written?: () => void }
  | { kind: 'error'; error: IntakeError };

const WORKER_ENTRY = new URL('./worker.ts', import.meta.url);
/**
 * Pre-scan ranges: about 8 per worker, so that a worker slowed down by something else gets fewer and
 * the last range to finish keeps the others waiting only briefly.
 */
const RANGES_PER_WORKER = 8;
const MIN_RANGE_BYTES = 64 * 1024;
const MAX_RANGE_BYTES = 64 << 20;
/** A batch: whole patients, about this many bytes of input or this many patients. */
const BATCH_BYTES = 2 << 20;
const BATCH_SEGMENTS = 128;
/** Batches in flight (queued, running, or done and waiting for their turn) per worker. */
const BATCHES_PER_WORKER = 4;
/**
 * The output ring: a slot per batch in flight, and as many again for batches handed to the output
 * stream but not yet written; a slot holds the text of a full batch with room to spare.
 */
const RING_SLOTS_PER_WORKER = 2 * BATCHES_PER_WORKER;
const RING_SLOT_BYTES = 1 << 20;

interface Batch {
  segments: NdjsonSegment[];
  bytes: number;
}

function* batchesOf(segments: readonly NdjsonSegment[]): Generator<Batch> {
  let batch: Batch = { segments: [], bytes: 0 };
  for (const segment of segments) {
    batch.segments.push(segment);
    batch.bytes += segment.bytes;
    if (batch.bytes >= BATCH_BYTES || batch.segments.length >= BATCH_SEGMENTS) {
      yield batch;
      batch = { segments: [], bytes: 0 };
    }
  }
  if (batch.segments.length > 0) yield batch;
}

const ignore = () => {};

/**
 * Parallel screening, started early: the workers boot and pre-scan while the main thread loads the
 * protocol and checks the command line. Whoever starts it must `close()` it (that stops the workers).
 */
export class ParallelScreening {
  private progress: Progress | undefined;
  private scanned = 0;
  private readonly total: number;
  private readonly plan: Promise<NdjsonPlan>;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly pool: WorkerPool,
    private readonly files: readonly InputFile[],
    private readonly inputErrors: readonly IntakeError[],
    private readonly cleanup: () => Promise<void>,
    ranges: readonly NdjsonRange[],
  ) {
    this.total = files.reduce((sum, file) => sum + file.size, 0);
    const onProgress = (bytes: number) => {
      this.scanned += bytes;
      this.progress?.bytes(this.scanned, this.total);
    };
    const scans = ranges.map((range) =>
      pool.run<RangeScan>({ type: 'scan', range } satisfies UnnumberedRequest, onProgress),
    );
    this.plan = stitch(files, ranges, scans);
    // Awaited by screen(); until then (or if it never is) a failure must not count as unhandled.
    this.plan.catch(ignore);
  }

  /**
   * Starts the workers and the pre-scan when `inputs` are for this path — NDJSON files only (no
   * stdin, no bundles), at least `settings.minBytes` of them, workers allowed — else undefined.
   */
  static async start(
    inputs: readonly string[],
    settings: ParallelSettings,
  ): Promise<ParallelScreening | undefined> {
    if (settings.workers === 0 || inputs.length === 0 || inputs.includes('-')) return undefined;
    const { files, errors, cleanup } = await expandInputs(inputs);
    const total = files.reduce((sum, file) => sum + file.size, 0);
    if (files.length === 0 || total < settings.minBytes || files.some((file) => file.format !== 'ndjson')) {
      await cleanup();
      return undefined;
    }
    const pool = new WorkerPool((await workerBundle(WORKER_ENTRY)) ?? WORKER_ENTRY, settings.workers);
    const rangeBytes = Math.min(
      MAX_RANGE_BYTES,
      Math.max(MIN_RANGE_BYTES, total / (pool.size * RANGES_PER_WORKER)),
    );
    const ranges = splitNdjsonRanges(files, Math.ceil(total / rangeBytes), MIN_RANGE_BYTES);
    return new ParallelScreening(pool, files, errors, cleanup, ranges);
  }

  /**
   * The patients' results and the input errors, in input order; or undefined when the pre-scan found
   * the input not grouped by patient (or a file unreadable): then the workers are stopped, nothing
   * has been written, and the caller screens sequentially.
   */
  async screen(
    protocol: Protocol,
    job: ScreenJob,
    progress: Progress | undefined,
  ): Promise<AsyncGenerator<ScreenItem> | undefined> {
    this.progress = progress;
    progress?.stage('scanning');
    progress?.bytes(this.scanned, this.total);
    const plan = await this.plan;
    if (!plan.grouped) {
      await this.close();
      return undefined;
    }
    const ring = OutputRing.create(this.pool.size * RING_SLOTS_PER_WORKER, RING_SLOT_BYTES);
    // Not awaited: each worker compiles the protocol's terminology, then takes the batches queued behind this.
    this.pool
      .broadcast({
        type: 'setup',
        protocol: protocolData(protocol),
        job,
        files: this.files.map(({ path, label }) => ({ path, label })),
        medications: plan.medications,
        ring: ring.layout,
      } satisfies UnnumberedRequest)
      .catch(ignore);
    progress?.stage('screening');
    return this.screenBatches(plan.segments, ring);
  }

  /** Phase 2: batches to the workers, their results back in input order. */
  private async *screenBatches(
    segments: readonly NdjsonSegment[],
    ring: OutputRing,
  ): AsyncGenerator<ScreenItem> {
    try {
      for (const error of this.inputErrors) yield { kind: 'error', error };
      const inFlight: Array<{ result: Promise<BatchResult>; bytes: number }> = [];
      let done = 0;
      const window = this.pool.size * BATCHES_PER_WORKER;
      for (const batch of batchesOf(segments)) {
        const result = this.pool.run<BatchResult>({
          type: 'screen',
          segments: batch.segments,
        } satisfies UnnumberedRequest);
        // Awaited in turn below; until then a failure must not count as unhandled.
        result.catch(ignore);
        inFlight.push({ result, bytes: batch.bytes });
        if (inFlight.length < window) continue;
        const oldest = inFlight.shift() as (typeof inFlight)[number];
        yield* itemsOf(await oldest.result, ring);
        done += oldest.bytes;
        this.progress?.bytes(done, this.total);
      }
      for (const batch of inFlight) {
        yield* itemsOf(await batch.result, ring);
        done += batch.bytes;
        this.progress?.bytes(done, this.total);
      }
    } finally {
      await this.close();
    }
  }

  /** Stops the workers and removes temporary files; safe to call more than once. */
  close(): Promise<void> {
    this.closed ??= this.pool.close().finally(this.cleanup);
    return this.closed;
  }
}

/**
 * The pre-scan's verdict from the range scans, stitched in input order as they arrive: as soon as the
 * input is known not to be grouped, the rest is not waited for (the caller stops the workers).
 */
async function stitch(
  files: readonly InputFile[],
  ranges: readonly NdjsonRange[],
  scans: ReadonlyArray<Promise<RangeScan>>,
): Promise<NdjsonPlan> {
  for (const scan of scans) scan.catch(ignore);
  const stitcher = new NdjsonStitcher(files);
  for (let r = 0; r < ranges.length; r++) {
    const reason = stitcher.add(ranges[r] as NdjsonRange, await (scans[r] as Promise<RangeScan>));
    if (reason !== undefined) break;
  }
  return stitcher.finish();
}

/** A batch's items; the last patient's says when the batch's slot of the ring can be given back. */
function* itemsOf({ output, items }: BatchResult, ring: OutputRing): Generator<ScreenItem> {
  const inSlot = 'slot' in output;
  const bytes = inSlot ? ring.slot(output.slot).subarray(0, output.length) : output.bytes;
  const last = items.findLastIndex((item) => item.kind === 'patient');
  if (inSlot && last === -1) ring.release(output.slot);
  let start = 0;
  for (const [i, item] of items.entries()) {
    if (item.kind === 'error') {
      yield item;
      continue;
    }
    const text = bytes.subarray(start, item.end);
    start = item.end;
    yield i === last && inSlot
      ? { kind: 'patient', text, overall: item.overall, written: () => ring.release(output.slot) }
      : { kind: 'patient', text, overall: item.overall };
  }
}
