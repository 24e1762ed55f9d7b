/**
 * `trialkit derive --tu tu.csv --tr tr.csv [--rs rs.csv] --adsl adsl.csv --out-dir DIR [options]`:
 * SDTM TU/TR/RS + ADSL → adrs.csv, adtte.csv, adtr.csv and timepoints.csv (every step explained).
 * Data problems are listed on stderr with file, line, subject, visit and lesion; the outputs are still
 * written for everything that could be derived. Exit 0 when no data problem is an error, 1 otherwise,
 * 2 for usage errors.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AdamFile,
  adamCsv,
  type DeriveSettings,
  deriveSources,
  formatProblem,
  type ResponseSource,
  type SourceText,
} from '../../cdisc/index.ts';
import type { PfsRules } from '../../endpoints/index.ts';
import type { Io } from '../screen-command.ts';
import { UsageError } from '../usage-error.ts';

export interface DeriveCliOptions {
  tu: string;
  tr: string;
  rs?: string;
  adsl: string;
  outDir: string;
  responseSource: ResponseSource;
  pfsRules: PfsRules;
  sdMinDays: string;
  confirmMinDays: string;
  assessmentInterval: string;
  imputeDay: 'first' | 'last';
  evaluator: string;
}

function days(option: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${option} must be a whole number of days: got "${text}"`);
  return Number(text);
}

function source(file: string): SourceText {
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export function runDerive(options: DeriveCliOptions, io: Io): number {
  const settings: DeriveSettings = {
    sdMinDays: days('--sd-min-days', options.sdMinDays),
    confirmMinDays: days('--confirm-min-days', options.confirmMinDays),
    assessmentIntervalDays: days('--assessment-interval', options.assessmentInterval),
    pfsRules: options.pfsRules,
    responseSource: options.responseSource,
    imputeDay: options.imputeDay,
    evaluator: options.evaluator,
  };
  const files = {
    tu: source(options.tu),
    tr: source(options.tr),
    ...(options.rs ? { rs: source(options.rs) } : {}),
    adsl: source(options.adsl),
  };
  if (options.responseSource === 'recorded' && !options.rs)
    throw new UsageError('--response-source recorded needs --rs');
  const { study, derived } = deriveSources(files, settings);
  mkdirSync(options.outDir, { recursive: true });
  const write = (name: AdamFile, rows: readonly object[]) =>
    writeFileSync(join(options.outDir, `${name}.csv`), adamCsv(name, rows));
  write('adrs', derived.adrs);
  write('adtte', derived.adtte);
  write('adtr', derived.adtr);
  write('timepoints', derived.timepoints);
  for (const problem of study.problems) io.stderr.write(`trialkit: ${formatProblem(problem)}\n`);
  for (const problem of derived.problems) io.stderr.write(`trialkit: ${problem}\n`);
  const errors = study.problems.filter((p) => p.severity === 'error').length;
  io.stdout.write(
    [
      `derived ${study.subjects.length} subjects (${options.evaluator.toLowerCase()} assessments; responses from ${options.responseSource === 'measurements' ? 'measurements by RECIST 1.1' : 'RS as recorded'}; PFS rules ${options.pfsRules})`,
      `wrote ${derived.adrs.length} ADRS, ${derived.adtte.length} ADTTE, ${derived.adtr.length} ADTR and ${derived.timepoints.length} time-point rows to ${options.outDir}`,
      `recorded overall response differs from the measurements at ${derived.disagreements} visit${derived.disagreements === 1 ? '' : 's'} (DISAGREE = Y in timepoints.csv)`,
      `data problems: ${errors} error${errors === 1 ? '' : 's'}, ${study.problems.length - errors + derived.problems.length} other${study.problems.length - errors + derived.problems.length === 1 ? '' : 's'} (listed on stderr)`,
      '',
    ].join('\n'),
  );
  return errors > 0 ? 1 : 0;
}
