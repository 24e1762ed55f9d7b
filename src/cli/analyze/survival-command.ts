/**
 * `trialkit analyze survival --input data.csv --time COL --event COL [--group COL] [--strata COL]
 * [--covariates a,b,…] [--ties efron|breslow] [--conf-type log|log-log|plain] [--rmst-horizon T]
 * [--format json|text] [--plot km.svg]`: Kaplan–Meier, log-rank and Cox from a CSV file. The JSON
 * has the field names and shapes of the R reference fixtures (FORMAT.md) in `km`, `survdiff`,
 * `coxph` and `cox_zph`. Exit 0 on success, 1 when the data file is unreadable or has bad values
 * (every bad row is named), 2 for usage errors.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../../contracts/index.ts';
import {
  DataFileError,
  isNumericColumn,
  labelColumn,
  lineOfRow,
  numberColumn,
  readTable,
  type Table,
} from '../../csv/index.ts';
import type { ConfType } from '../../stats/index.ts';
import {
  analyzeSurvival,
  kaplanMeierPlotInput,
  renderKaplanMeierSvg,
  type SurvivalTable,
} from '../../stats/index.ts';
import { inputErrorText, issueText } from '../input-error.ts';
import type { Io } from '../screen-command.ts';
import { UsageError } from '../usage-error.ts';
import { toRJson } from './r-json.ts';
import { survivalText } from './survival-text.ts';

export interface SurvivalOptions {
  input: string;
  time: string;
  event: string;
  group?: string;
  strata?: string;
  covariates?: string;
  factors?: string;
  groupLevels?: string;
  strataLevels?: string;
  ties?: 'efron' | 'breslow';
  confType?: ConfType;
  confLevel?: string;
  rmstHorizon?: string;
  format?: 'json' | 'text';
  plot?: string;
  out?: string;
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A column that must be complete: a missing value is a problem naming the line, not a dropped row. */
function complete<T>(table: Table, name: string, option: string, values: (T | null)[]): T[] {
  const problems = values.flatMap((v, i) =>
    v === null
      ? [`${table.source}:${table.lines[i]}: column "${name}" (${option}) is missing; every row needs one`]
      : [],
  );
  if (problems.length) throw new DataFileError(problems);
  return values as T[];
}

function survivalTable(table: Table, options: SurvivalOptions): SurvivalTable {
  const time = complete(table, options.time, '--time', numberColumn(table, options.time, '--time'));
  const event = complete(table, options.event, '--event', numberColumn(table, options.event, '--event'));
  const group = options.group
    ? complete(table, options.group, '--group', labelColumn(table, options.group, '--group'))
    : undefined;
  const strata = options.strata
    ? complete(table, options.strata, '--strata', labelColumn(table, options.strata, '--strata'))
    : undefined;
  const covariates: Record<string, (number | null)[]> = {};
  const factorCovariates: Record<string, (string | null)[]> = {};
  const covariateOrder = list(options.covariates) ?? [];
  const factors = new Set(list(options.factors) ?? []);
  for (const name of factors) {
    if (!covariateOrder.includes(name))
      throw new UsageError(`--factors names "${name}", which is not in --covariates`);
  }
  for (const name of covariateOrder) {
    if (factors.has(name)) factorCovariates[name] = labelColumn(table, name, '--covariates');
    else if (isNumericColumn(table, name, '--covariates') || mostlyNumeric(table, name)) {
      // A numeric column with a few unreadable cells is a data error naming them, never a factor.
      covariates[name] = numberColumn(table, name, '--covariates');
    } else factorCovariates[name] = labelColumn(table, name, '--covariates');
  }
  return {
    covariateOrder,
    time,
    event,
    group,
    strata,
    covariates,
    factorCovariates,
    names: { time: options.time, event: options.event, group: options.group, strata: options.strata },
    groupLevels: list(options.groupLevels),
    strataLevels: list(options.strataLevels),
  };
}

/** Most non-missing cells read as numbers: a numeric column with typos, not a text column. */
function mostlyNumeric(table: Table, name: string): boolean {
  const values = labelColumn(table, name, '--covariates').filter((v): v is string => v !== null);
  const numeric = values.filter((v) => Number.isFinite(Number(v))).length;
  return numeric > 0 && numeric >= values.length / 2;
}

function positiveNumber(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0))
    throw new UsageError(`${option} must be a number > 0: got "${text}"`);
  return value;
}

/** Engine errors name their field and count data rows from 1: say which column and file line that is. */
function withFileLine(error: InputError, table: Table, options: SurvivalOptions): string {
  const issue = error.issues[0];
  const line = issue?.row === undefined ? undefined : lineOfRow(table, issue.row);
  const columns: Record<string, string | undefined> = {
    time: options.time,
    event: options.event,
    group: options.group,
    groupLevels: options.group,
    strata: options.strata,
    strataLevels: options.strata,
  };
  const column = issue && columns[issue.path];
  const at = `${table.source}${line === undefined ? '' : `:${line}`}`;
  if (!issue || !column || error.issues.length > 1) return `${at}: ${inputErrorText(error)}`;
  // `column "days": expected …`: the row is the file line already given.
  return `${at}: ${issueText({ ...issue, row: undefined }, `column "${column}"`)}`;
}

export function runSurvival(options: SurvivalOptions, io: Io): number {
  const confLevel = positiveNumber('--conf-level', options.confLevel) ?? 0.95;
  if (confLevel >= 1) throw new UsageError(`--conf-level must be below 1: got "${options.confLevel}"`);
  const rmstHorizon = positiveNumber('--rmst-horizon', options.rmstHorizon);
  if (options.strata && !options.group)
    throw new UsageError('--strata needs --group (strata adjust a comparison of groups)');
  if (options.plot && options.plot === options.out)
    throw new UsageError('--plot and --out name the same file');
  let table: Table | undefined;
  try {
    let text: string;
    try {
      text = readFileSync(options.input, 'utf8');
    } catch (error) {
      throw new DataFileError([`${options.input}: cannot read: ${(error as Error).message}`]);
    }
    table = readTable(text, options.input);
    const analysis = analyzeSurvival(survivalTable(table, options), {
      ties: options.ties,
      confTypes: options.confType ? [options.confType] : undefined,
      confLevel,
      rmstHorizon,
    });
    const output = options.format === 'json' ? toRJson(analysis) : survivalText(analysis);
    if (options.out) writeFileSync(options.out, output);
    else io.stdout.write(output);
    if (options.plot)
      writeFileSync(
        options.plot,
        renderKaplanMeierSvg(kaplanMeierPlotInput(analysis, { time: options.time, group: options.group })),
      );
    for (const warning of analysis.warnings) io.stderr.write(`trialkit: warning: ${warning}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DataFileError) {
      io.stderr.write(`trialkit: ${error.message}\n`);
      return 1;
    }
    if (error instanceof InputError && table) {
      io.stderr.write(`trialkit: ${withFileLine(error, table, options)}\n`);
      return 1;
    }
    throw error;
  }
}
