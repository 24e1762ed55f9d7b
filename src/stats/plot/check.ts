/**
 * The checking edge of the plot (STYLE.md item 2): validates the caller's input, naming the field of
 * the first problem, and turns each curve into the typed step function the drawing code trusts.
 */
import { inputError } from '../input.ts';
import { TIME_UNITS, type TimeUnit } from './scales.ts';
import type { KmPlotCurve, KmPlotInput, KmPlotOptions } from './types.ts';

/** A checked curve: `time` starts at 0 and rises strictly; NaN in `lower`/`upper` means no limit. */
export interface StepCurve {
  label: string;
  time: Float64Array;
  surv: Float64Array;
  lower?: Float64Array;
  upper?: Float64Array;
  /** Sorted censoring times. */
  censorTimes: Float64Array;
  /** Where the curve stops: the last event-table or censoring time. */
  end: number;
  median?: number;
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function checkArray(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw inputError(field, 'an array', undefined, value);
  return value;
}

export function checkString(value: unknown, field: string): string {
  if (typeof value !== 'string') throw inputError(field, 'a string', undefined, value);
  return value;
}

/** Finite numbers ≥ 0 (strictly increasing when `increasing`); rows are 1-based as in the error text. */
function checkTimes(value: unknown, field: string, increasing: boolean): Float64Array {
  const list = checkArray(value, field);
  const out = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (!isNumber(t) || t < 0) throw inputError(field, 'a finite number ≥ 0', i + 1, t);
    if (increasing && i > 0 && t <= (out[i - 1] as number)) {
      throw inputError(field, `a time greater than the one before (${out[i - 1]})`, i + 1, t);
    }
    out[i] = t;
  }
  return out;
}

/** Probabilities in [0, 1], `length` of them; null becomes NaN when `nullable`. */
function checkProbabilities(value: unknown, field: string, length: number, nullable: boolean): Float64Array {
  const list = checkArray(value, field);
  if (list.length !== length) {
    throw inputError(field, `${length} values, as many as time`, undefined, list.length);
  }
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const p = list[i];
    if (nullable && p === null) out[i] = Number.NaN;
    else if (isNumber(p) && p >= 0 && p <= 1) out[i] = p;
    else throw inputError(field, `a number in [0, 1]${nullable ? ' or null' : ''}`, i + 1, p);
  }
  return out;
}

/** Prepends the (0, 1) start unless the caller's first time is 0 (events at time 0). */
function withStart(values: Float64Array, startsAtZero: boolean, start: number): Float64Array {
  if (startsAtZero) return values;
  const out = new Float64Array(values.length + 1);
  out[0] = start;
  out.set(values, 1);
  return out;
}

function checkCurve(curve: KmPlotCurve, index: number): StepCurve {
  const at = `curves[${index}]`;
  if (typeof curve !== 'object' || curve === null) throw inputError(at, 'an object', undefined, curve);
  const label = checkString(curve.label, `${at}.label`);
  if (label.trim() === '') throw inputError(`${at}.label`, 'a non-empty group name', undefined, label);
  const time = checkTimes(curve.time, `${at}.time`, true);
  const surv = checkProbabilities(curve.surv, `${at}.surv`, time.length, false);
  const lower =
    curve.lower === undefined ? undefined : checkProbabilities(curve.lower, `${at}.lower`, time.length, true);
  const upper =
    curve.upper === undefined ? undefined : checkProbabilities(curve.upper, `${at}.upper`, time.length, true);
  const censorTimes = checkTimes(curve.censorTimes ?? [], `${at}.censorTimes`, false).sort();
  if (time.length === 0 && censorTimes.length === 0) {
    throw inputError(`${at}.time`, 'at least one time (or a censoring time in censorTimes)', undefined, []);
  }
  let median: number | undefined;
  if (curve.median !== undefined && curve.median !== null) {
    if (!isNumber(curve.median) || curve.median < 0) {
      throw inputError(
        `${at}.median`,
        'a finite number ≥ 0, or null when not reached',
        undefined,
        curve.median,
      );
    }
    median = curve.median;
  }
  const startsAtZero = time[0] === 0;
  const end = Math.max(time[time.length - 1] ?? 0, censorTimes[censorTimes.length - 1] ?? 0);
  const step: StepCurve = {
    label,
    time: withStart(time, startsAtZero, 0),
    surv: withStart(surv, startsAtZero, 1),
    censorTimes,
    end,
  };
  if (lower) step.lower = withStart(lower, startsAtZero, 1);
  if (upper) step.upper = withStart(upper, startsAtZero, 1);
  if (median !== undefined) step.median = median;
  return step;
}

function checkAtRisk(plot: KmPlotInput, curves: number): void {
  if (plot.atRisk === undefined) return;
  const times = checkTimes(plot.atRisk.times, 'atRisk.times', true);
  if (times.length === 0) throw inputError('atRisk.times', 'at least one time', undefined, []);
  const rows = checkArray(plot.atRisk.counts, 'atRisk.counts');
  if (rows.length !== curves) {
    throw inputError('atRisk.counts', `${curves} rows, one per curve`, undefined, rows.length);
  }
  rows.forEach((row, c) => {
    const field = `atRisk.counts[${c}]`;
    const counts = checkArray(row, field);
    if (counts.length !== times.length) {
      throw inputError(
        field,
        `${times.length} counts, one per time in atRisk.times`,
        undefined,
        counts.length,
      );
    }
    counts.forEach((n, j) => {
      if (!Number.isInteger(n) || (n as number) < 0) throw inputError(field, 'an integer ≥ 0', j + 1, n);
    });
  });
}

function checkAnnotation(plot: KmPlotInput): void {
  const hr = plot.annotation?.hazardRatio;
  if (hr !== undefined) {
    for (const key of ['estimate', 'lower', 'upper'] as const) {
      const v = hr[key];
      if (!isNumber(v) || v <= 0)
        throw inputError(`annotation.hazardRatio.${key}`, 'a finite number > 0', undefined, v);
    }
    if (!(hr.lower <= hr.estimate && hr.estimate <= hr.upper)) {
      throw inputError('annotation.hazardRatio', 'lower ≤ estimate ≤ upper', undefined, [
        hr.lower,
        hr.estimate,
        hr.upper,
      ]);
    }
    if (hr.level !== undefined && !(isNumber(hr.level) && hr.level > 0 && hr.level < 1)) {
      throw inputError('annotation.hazardRatio.level', 'a number in (0, 1), e.g. 0.95', undefined, hr.level);
    }
    checkString(hr.reference, 'annotation.hazardRatio.reference');
    checkString(hr.comparison, 'annotation.hazardRatio.comparison');
  }
  const p = plot.annotation?.logRankP;
  if (p !== undefined && !(isNumber(p) && p >= 0 && p <= 1)) {
    throw inputError('annotation.logRankP', 'a number in [0, 1]', undefined, p);
  }
}

/** Validates the whole input and options; returns the curves as checked step functions. */
export function checkKmPlotInput(plot: KmPlotInput, options: KmPlotOptions = {}): StepCurve[] {
  if (typeof plot !== 'object' || plot === null) throw inputError('plot', 'an object', undefined, plot);
  const list = checkArray(plot.curves, 'curves');
  if (list.length === 0) throw inputError('curves', 'at least one curve', undefined, []);
  const curves = list.map((c, i) => checkCurve(c as KmPlotCurve, i));
  checkString(plot.xLabel, 'xLabel');
  if (plot.title !== undefined) checkString(plot.title, 'title');
  if (plot.yLabel !== undefined) checkString(plot.yLabel, 'yLabel');
  if (plot.xMax !== undefined && !(isNumber(plot.xMax) && plot.xMax > 0)) {
    throw inputError('xMax', 'a finite number > 0', undefined, plot.xMax);
  }
  if (plot.xBreaks !== undefined) {
    const breaks = checkTimes(plot.xBreaks, 'xBreaks', true);
    if (breaks.length === 0) throw inputError('xBreaks', 'at least one break', undefined, []);
  }
  checkAtRisk(plot, curves.length);
  checkAnnotation(plot);
  checkPlotOptions(options);
  return curves;
}

/** Size, font, id and colour options every figure takes. */
export interface PlotOptions {
  width?: number;
  panelHeight?: number;
  fontSize?: number;
  idPrefix?: string;
  palette?: readonly string[];
}

/** Options of the response plots (waterfall, spider, swimmer): size, font, colours and the id prefix. */
export type ResponsePlotOptions = PlotOptions;

/** Validates the options every figure shares, naming the option at fault. */
export function checkPlotOptions(options: PlotOptions): void {
  const { width, panelHeight, fontSize, idPrefix, palette } = options;
  if (width !== undefined && !(isNumber(width) && width >= 320)) {
    throw inputError('options.width', 'a number ≥ 320 (px)', undefined, width);
  }
  if (panelHeight !== undefined && !(isNumber(panelHeight) && panelHeight >= 120)) {
    throw inputError('options.panelHeight', 'a number ≥ 120 (px)', undefined, panelHeight);
  }
  if (fontSize !== undefined && !(isNumber(fontSize) && fontSize >= 6 && fontSize <= 32)) {
    throw inputError('options.fontSize', 'a number in [6, 32] (px)', undefined, fontSize);
  }
  if (idPrefix !== undefined && !/^[A-Za-z_][\w.-]*$/.test(idPrefix)) {
    throw inputError(
      'options.idPrefix',
      'an XML name (a letter, then letters, digits, _ . -)',
      undefined,
      idPrefix,
    );
  }
  if (palette !== undefined && (palette.length === 0 || !palette.every((c) => typeof c === 'string'))) {
    throw inputError('options.palette', 'a non-empty list of colours', undefined, palette);
  }
}

/** A string with something other than white space in it. */
export function checkLabel(value: unknown, field: string, what: string): string {
  const label = checkString(value, field);
  if (label.trim() === '') throw inputError(field, `a non-empty ${what}`, undefined, label);
  return label;
}

/** An object (not null, not an array), e.g. one row of a plot's input. */
export function checkObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw inputError(field, 'an object', undefined, value);
  return value as Record<string, unknown>;
}

/** The rows of a plot's input, `plot[field]`: a list of at least one `what`. */
export function checkRows(plot: unknown, field: string, what: string): readonly unknown[] {
  const list = checkArray(checkObject(plot, 'plot')[field], field);
  if (list.length === 0) throw inputError(field, `at least one ${what}`, undefined, []);
  return list;
}

/** The optional text fields of a plot's input (its title, axis titles): strings when given. */
export function checkTexts<K extends string>(plot: Partial<Record<K, unknown>>, keys: readonly K[]): void {
  for (const key of keys) if (plot[key] !== undefined) checkString(plot[key], key);
}

/** The unit of a time axis: one of `TIME_UNITS`, days when absent. */
export function checkTimeUnit(value: TimeUnit | undefined): TimeUnit {
  const unit = value ?? 'days';
  if (!Object.hasOwn(TIME_UNITS, unit))
    throw inputError('timeUnit', `one of ${Object.keys(TIME_UNITS).join(', ')}`, undefined, unit);
  return unit;
}

/**
 * The arms in legend (and colour) order: `arms` when given (distinct names, covering every row's arm),
 * else the order in which rows first name them. `rowArms[i]` is the arm of row i, `rowField(i)` its field.
 */
export function checkArms(
  arms: unknown,
  rowArms: readonly string[],
  rowField: (row: number) => string,
): string[] {
  if (arms === undefined) return [...new Set(rowArms)];
  const list = checkArray(arms, 'arms').map((a, i) => checkLabel(a, `arms[${i}]`, 'arm name'));
  list.forEach((arm, i) => {
    if (list.indexOf(arm) !== i) throw inputError(`arms[${i}]`, 'an arm not already listed', undefined, arm);
  });
  rowArms.forEach((arm, i) => {
    if (!list.includes(arm))
      throw inputError(rowField(i), `one of the arms (${list.join(', ')})`, undefined, arm);
  });
  return list;
}
