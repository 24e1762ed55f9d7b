/**
 * `trialkit screen <paths…>`: reads FHIR input, screens every patient as of T0 and writes the
 * results as they come — on worker threads for large grouped NDJSON (./parallel/), else on this one. Exit 0 when all input was read, 1 when some was unreadable (the rest is
 * still screened and reported), 2 for usage errors (see ./usage-error.ts).
 */
import type { Writable } from 'node:stream';
import {
  type PlannedMki,
  type ScreeningContext,
  type ScreeningProtocol,
  screenPatient,
} from '../eligibility/index.ts';
import { type IntakeError, readPatients } from '../fhir/index.ts';
import { loadProtocol, type Protocol } from '../protocol/index.ts';
import { OutputStream } from './output-stream.ts';
import { ParallelScreening, type ScreenItem, type ScreenJob } from './parallel/screen-parallel.ts';
import { parallelSettings } from './parallel/settings.ts';
import { Progress } from './progress.ts';
import { createWriter, FORMATS, type Format, formatPatient } from './screen-output.ts';
import { UsageError, validDate } from './usage-error.ts';

export const MKIS: readonly PlannedMki[] = ['cabozantinib', 'lenvatinib'];

export interface ScreenOptions {
  asOf?: string;
  site?: string;
  mki?: string;
  format?: string;
  out?: string;
  all?: boolean;
  siteAccrual?: string;
}

export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  /** Today's date (YYYY-MM-DD) for the default --as-of. */
  today: () => string;
  /** The protocol the commands run (default: protocols/nct05168163, loaded when a command needs it). */
  protocol?: () => Protocol;
}

/** The protocol of `io`, or the trial's own (protocols/nct05168163). */
export function protocolOf(io: Io): Protocol {
  return io.protocol ? io.protocol() : loadProtocol();
}

/** "A=3,B=9" → { A: 3, B: 9 } for the arms of the protocol. */
function parseAccrual(text: string, armIds: readonly string[]): Record<string, number> {
  const accrual: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([^=\s]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match?.[1] || !armIds.includes(match[1])) {
      throw new UsageError(
        `--site-accrual "${part}": expected <arm>=<count> with arm one of ${armIds.join(', ')}`,
      );
    }
    accrual[match[1]] = Number(match[2]);
  }
  return accrual;
}

export async function runScreen(inputs: string[], options: ScreenOptions, io: Io): Promise<number> {
  // Large grouped NDJSON: worker threads start and pre-scan while this thread loads the protocol.
  const parallel = await ParallelScreening.start(inputs, parallelSettings());
  try {
    return await screen(inputs, options, io, parallel);
  } finally {
    await parallel?.close();
  }
}

async function screen(
  inputs: string[],
  options: ScreenOptions,
  io: Io,
  parallel: ParallelScreening | undefined,
): Promise<number> {
  const protocol = protocolOf(io);
  if (inputs.length === 0) throw new UsageError('no input: give FHIR files, directories, or - for stdin');
  const format = (options.format ?? 'table') as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format "${options.format}": expected one of ${FORMATS.join(', ')}`);
  const asOf = options.asOf ?? io.today();
  if (!validDate(asOf))
    throw new UsageError(`--as-of "${options.asOf}": expected a calendar date YYYY-MM-DD`);
  if (options.site && !protocol.sites.some((s) => s.id === options.site)) {
    throw new UsageError(
      `--site "${options.site}": not a site of ${protocol.id}; one of:\n  ${protocol.sites.map((s) => s.id).join('\n  ')}`,
    );
  }
  if (options.mki && !MKIS.includes(options.mki as PlannedMki)) {
    throw new UsageError(`--mki "${options.mki}": expected one of ${MKIS.join(', ')}`);
  }
  const context: ScreeningContext = {
    asOf,
    ...(options.site ? { siteId: options.site } : {}),
    ...(options.mki ? { plannedMki: options.mki as PlannedMki } : {}),
    ...(options.siteAccrual
      ? {
          siteAccrual: parseAccrual(
            options.siteAccrual,
            protocol.arms.map((a) => a.id),
          ),
        }
      : {}),
  };

  let output: OutputStream;
  try {
    output = OutputStream.to(options.out, io.stdout);
  } catch (error) {
    throw new UsageError(`--out "${options.out}": ${error instanceof Error ? error.message : String(error)}`);
  }
  const writer = createWriter(format, output.write, {
    protocol: protocol.id,
    asOf,
    siteId: options.site,
    plannedMki: options.mki,
  });
  const job: ScreenJob = { format, showAll: options.all ?? false, context };
  const errors: IntakeError[] = [];
  // A progress bar only where a person watches stderr, and only for runs longer than a moment.
  const progress = io.stderr.isTTY ? new Progress(io.stderr) : undefined;
  const items =
    (await parallel?.screen(protocol, job, progress)) ?? screenSequentially(inputs, protocol, job, progress);
  for await (const item of items) {
    if (item.kind === 'error') {
      errors.push(item.error);
      // Streaming formats report input errors as they happen; json and table list them at the end.
      if (format === 'ndjson' || format === 'csv')
        io.stderr.write(`input error ${item.error.source}: ${item.error.message}\n`);
      continue;
    }
    writer.patient(item.text, item.overall);
    if (item.written) output.afterWritten(item.written);
    progress?.patient();
    await output.flushIfFull();
  }
  progress?.stop();
  writer.end(errors);
  await output.close();
  return errors.length > 0 ? 1 : 0;
}

/** Reads, screens and formats on this thread, one patient at a time. */
async function* screenSequentially(
  inputs: string[],
  protocol: ScreeningProtocol,
  job: ScreenJob,
  progress: Progress | undefined,
): AsyncGenerator<ScreenItem> {
  for await (const item of readPatients(inputs, {
    onProgress: (read, total) => progress?.bytes(read, total),
    questionnaire: protocol.questionnaire.items,
  })) {
    if (item.kind === 'error') {
      yield item;
      continue;
    }
    const result = screenPatient(protocol, item.facts, job.context);
    yield { kind: 'patient', text: formatPatient(job.format, result, job), overall: result.overall };
  }
}
