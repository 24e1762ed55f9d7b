/**
 * Unit conversion by UCUM (https://ucum.org/ucum) through @lhncbc/ucum-lhc, the NLM reference
 * implementation: no conversion factor is written by hand here.
 *
 * Screening converts the same few unit pairs for thousands of patients, so ucum-lhc is asked once per
 * (from, to, molar mass) for the factor of 1 unit, successes and failures alike, and each value is
 * then a multiplication. All supported conversions are proportional (UCUM special units such as Cel
 * are refused), so value × factor is what ucum-lhc would have returned, up to rounding.
 *
 * Lab notations that are not UCUM are not aliased: 'K/uL' is kelvin per microliter and 'IU/L' is not
 * UCUM at all ([IU]/L is); guessing what a sender meant belongs to the adapter that knows the sender.
 */
import { arbitraryAtomsIn, arbitraryUnitFactor } from './arbitrary-units.ts';
import { roundTo12SignificantDigits } from './precision.ts';
import { type FactorResult, ucumFactor, ucumProblems } from './ucum.ts';

export type ConversionResult = { ok: true; value: number } | { ok: false; message: string };
type ConversionFailure = Extract<ConversionResult, { ok: false }>;
type CachedFactor = { ok: true; factor: number } | ConversionFailure;

/** g/mol. Bilirubin and creatinine as the criteria catalog gives them; calcium its standard atomic weight. */
export const MOLAR_MASS = Object.freeze({ bilirubin: 584.66, creatinine: 113.12, calcium: 40.078 } as const);

const factorCache = new Map<string, CachedFactor>();

function failure(message: string): ConversionFailure {
  // Frozen because the same object is handed to every caller that asks for this pair again.
  return Object.freeze({ ok: false, message });
}

function cacheKey(from: string, to: string, molarMass: number | undefined): string {
  // The length of `from` makes the key unambiguous whatever characters the units contain.
  return `${molarMass ?? ''}|${from.length}|${from}${to}`;
}

function findFactor(from: string, to: string, molarMass: number | undefined): FactorResult {
  if (molarMass !== undefined && !(Number.isFinite(molarMass) && molarMass > 0)) {
    return { ok: false, reasons: [`the molar mass must be a positive number of g/mol, got ${molarMass}`] };
  }
  const problems = [...ucumProblems(from), ...ucumProblems(to)];
  if (problems.length > 0) return { ok: false, reasons: problems };
  const fromAtoms = arbitraryAtomsIn(from);
  const toAtoms = arbitraryAtomsIn(to);
  if (fromAtoms.size === 0 && toAtoms.size === 0) return ucumFactor(from, to, molarMass);
  return arbitraryUnitFactor(from, to, fromAtoms, toAtoms, molarMass);
}

function cachedFactor(from: string, to: string, molarMass: number | undefined): CachedFactor {
  const key = cacheKey(from, to, molarMass);
  let cached = factorCache.get(key);
  if (cached === undefined) {
    const found = findFactor(from, to, molarMass);
    cached = found.ok ? found : failure(`cannot convert ${from} to ${to}: ${found.reasons.join('; ')}`);
    factorCache.set(key, cached);
  }
  return cached;
}

/**
 * `value` in unit `from`, expressed in unit `to`, rounded to 12 significant digits so that values on a
 * threshold stay on it (75 10*3/uL is exactly 75 10*9/L, not 74.99999999999999). Identical unit codes
 * return the value untouched without consulting UCUM. Mass ↔ amount of substance (mg/dL ↔ umol/L) needs
 * `molarMass` in g/mol, e.g. MOLAR_MASS.bilirubin.
 */
export function convertUnit(
  value: number,
  from: string,
  to: string,
  options: { molarMass?: number } = {},
): ConversionResult {
  if (!Number.isFinite(value)) return failure(`cannot convert ${value} ${from}: not a finite number`);
  if (from.trim() === '' || to.trim() === '') {
    return failure(`no unit given (from ${JSON.stringify(from)} to ${JSON.stringify(to)})`);
  }
  if (from === to) return { ok: true, value };
  const factor = cachedFactor(from, to, options.molarMass);
  if (!factor.ok) return factor;
  return { ok: true, value: roundTo12SignificantDigits(value * factor.factor) };
}

/** True when `unit` is a UCUM code exactly as written (no blanks, no reinterpretation by ucum-lhc). */
export function isValidUcum(unit: string): boolean {
  return ucumProblems(unit).length === 0;
}
