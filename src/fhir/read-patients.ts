/**
 * readPatients: files, directories and stdin → one IntakeItem per patient (and per error).
 *
 * Two paths (docs/fhir-intake.md, "Streaming and memory"):
 * - streaming: all inputs are NDJSON and the pre-scan found them grouped by patient; each patient is
 *   handed out as soon as its run of lines ends, so memory does not grow with the number of patients.
 * - buffered: anything else (bundles, mixed inputs, ungrouped NDJSON); everything is read and grouped
 *   in memory, then the patients are handed out.
 * The main pass checks every line's real patient against the pre-scan's runs; on any disagreement it
 * finishes in buffered mode, so no patient is ever handed out with part of its resources missing.
 */
import { createReadStream, readFileSync } from 'node:fs';
import type { InputFile } from './inputs.ts';
import { expandInputs } from './inputs.ts';
import { Intake } from './intake.ts';
import { parseJson } from './json-text.ts';
import { CHUNK_BYTES, isBlank, LineSplitter } from './line-splitter.ts';
import { LineLocator, loadLine, MALFORMED, parseLine } from './ndjson-line.ts';
import { type Prescan, prescanNdjson, type Run, type Scanner } from './prescan.ts';
import type { IntakeItem, ReadOptions } from './types.ts';

/** A whole JSON file. */
class FileLocator {
  constructor(readonly path: string) {}
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Some servers write NDJSON under a .json name: the first two non-blank lines are whole values. */
function looksLikeNdjson(text: string): boolean {
  const lines = text.split('\n', 50).filter((line) => line.trim() !== '');
  if (lines.length < 2) return false;
  try {
    JSON.parse(lines[0] as string);
    JSON.parse(lines[1] as string);
    return true;
  } catch {
    return false;
  }
}

function loadResource(locator: unknown): unknown {
  if (locator instanceof LineLocator) return loadLine(locator);
  if (locator instanceof FileLocator) return JSON.parse(stripBom(readFileSync(locator.path, 'utf8')));
  return locator;
}

const PROGRESS_STEP = 1 << 20;

class Progress {
  private bytes = 0;
  private reported = 0;

  constructor(
    private readonly report: ReadOptions['onProgress'],
    private readonly total: number | undefined,
  ) {}

  add(bytes: number): void {
    this.bytes += bytes;
    if (this.report !== undefined && this.bytes - this.reported >= PROGRESS_STEP) {
      this.reported = this.bytes;
      this.report(this.bytes, this.total);
    }
  }

  done(): void {
    if (this.report !== undefined && this.reported !== this.bytes) this.report(this.bytes, this.total);
  }
}

/** The main pass over all inputs: parse, check against the pre-scan, hand out finished patients. */
class MainPass {
  /** Global line index across the NDJSON inputs (the pre-scan numbers lines the same way). */
  private index = -1;
  private runIndex = 0;
  private streaming: boolean;
  readonly ready: IntakeItem[] = [];

  constructor(
    private readonly intake: Intake,
    private readonly runs: readonly Run[],
    plan: Prescan | undefined,
  ) {
    this.streaming = plan?.grouped === true;
  }

  line(file: InputFile, buf: Buffer, start: number, end: number, lineNo: number, offset: number): void {
    this.index++;
    if (!isBlank(buf, start, end)) this.readLine(file, buf, start, end, lineNo, offset);
    this.takeErrors();
    if (this.streaming) this.handOutFinishedRuns();
  }

  private readLine(
    file: InputFile,
    buf: Buffer,
    start: number,
    end: number,
    lineNo: number,
    offset: number,
  ): void {
    const source = `${file.label}:${lineNo}`;
    const value = parseLine(this.intake, buf, start, end, source);
    if (value === MALFORMED) return;
    const locator = new LineLocator(file.path, offset, end - start);
    if (this.streaming) {
      const key = this.intake.classify(value);
      if (key.kind === 'patient') {
        const run = this.runs[this.runIndex];
        if (run !== undefined && run.key === key.key && run.first <= this.index && this.index <= run.last) {
          this.intake.addToPatient(key.key, value as Record<string, unknown>, source, locator);
          return;
        }
        // The pre-scan placed this line elsewhere: stop trusting it and finish in buffered mode.
        this.streaming = false;
      } else if (key.kind === 'bundle') {
        this.streaming = false;
      }
    }
    this.intake.addResource(value, source, locator);
  }

  private handOutFinishedRuns(): void {
    for (
      let run = this.runs[this.runIndex];
      run !== undefined && run.last <= this.index;
      run = this.runs[this.runIndex]
    ) {
      const facts = this.intake.finishPatient(run.key);
      this.takeErrors();
      if (facts !== undefined) this.ready.push({ kind: 'patient', facts });
      this.runIndex++;
    }
  }

  takeErrors(): void {
    for (const error of this.intake.takeErrors()) this.ready.push({ kind: 'error', error });
  }

  /** Reads a .json file; false when it is not one JSON document but NDJSON under a .json name. */
  readJsonFile(file: InputFile): boolean {
    const text = stripBom(readFileSync(file.path, 'utf8'));
    const parsed = parseJson(text);
    if (!parsed.ok && looksLikeNdjson(text)) return false;
    if (!parsed.ok) {
      // The source points at the line, as for NDJSON (file:line); the message keeps line and column.
      this.intake.error(
        `${file.label}:${parsed.line}`,
        `invalid JSON at line ${parsed.line}, column ${parsed.column} (${parsed.detail}); file skipped`,
      );
    } else {
      this.intake.addResource(parsed.value, file.label, new FileLocator(file.path));
    }
    this.takeErrors();
    return true;
  }

  fileFailed(file: InputFile, error: unknown): void {
    this.streaming = false;
    this.intake.error(
      file.label,
      `cannot read (${error instanceof Error ? error.message : String(error)}); file skipped`,
    );
    this.takeErrors();
  }

  /** Hands out the patients still held (all of them on the buffered path), one at a time. */
  *finish(): Generator<IntakeItem> {
    for (const key of this.intake.patientKeys()) {
      const facts = this.intake.finishPatient(key);
      this.takeErrors();
      yield* this.ready.splice(0);
      if (facts !== undefined) yield { kind: 'patient', facts };
    }
    this.takeErrors();
    yield* this.ready.splice(0);
  }
}

/** readPatients with the pre-scan's key scanner replaceable (tests use it to simulate a wrong pre-scan). */
export async function* readPatientsWith(
  inputs: readonly string[],
  options: ReadOptions,
  scan?: Scanner,
): AsyncGenerator<IntakeItem> {
  const { files, errors, cleanup } = await expandInputs(inputs);
  try {
    for (const error of errors) yield { kind: 'error', error };
    const intake = new Intake({ loadResource, questionnaire: options.questionnaire });
    const progress = new Progress(
      options.onProgress,
      files.reduce((sum, file) => sum + file.size, 0),
    );
    const allNdjson = files.length > 0 && files.every((file) => file.format === 'ndjson');
    const plan = allNdjson ? await prescanNdjson(files, intake, scan) : undefined;
    const pass = new MainPass(intake, plan?.grouped === true ? plan.runs : [], plan);

    for (const file of files) {
      try {
        if (file.format === 'json' && pass.readJsonFile(file)) {
          progress.add(file.size);
        } else {
          const splitter = new LineSplitter();
          const onLine = (buf: Buffer, start: number, end: number, lineNo: number, offset: number) =>
            pass.line(file, buf, start, end, lineNo, offset);
          for await (const chunk of createReadStream(file.path, { highWaterMark: CHUNK_BYTES })) {
            splitter.push(chunk as Buffer, onLine);
            progress.add((chunk as Buffer).length);
            yield* pass.ready.splice(0);
          }
          splitter.end(onLine);
        }
      } catch (e) {
        // An unreadable file (removed, no permission, too large) costs that file, never the batch; the
        // line count no longer matches the pre-scan, so the rest is read on the buffered path.
        pass.fileFailed(file, e);
      }
      yield* pass.ready.splice(0);
    }
    progress.done();
    yield* pass.finish();
  } finally {
    await cleanup();
  }
}

/**
 * Read files, directories (recursively: *.json bundles, *.ndjson / *.jsonl), or '-' (stdin, NDJSON or
 * a single JSON bundle, sniffed) and yield every patient exactly once with ALL of that patient's
 * resources, plus errors.
 */
export function readPatients(inputs: string[], options: ReadOptions = {}): AsyncGenerator<IntakeItem> {
  return readPatientsWith(inputs, options);
}
