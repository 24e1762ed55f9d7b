/**
 * The only door to @lhncbc/ucum-lhc (NLM's reference UCUM implementation, https://ucum.org/ucum):
 * it validates unit codes and yields conversion factors. Validity is cached here and factors in
 * units.ts, because ucum-lhc parses the unit strings again on every call.
 */
// Named imports: ucum-lhc's CommonJS entry sets __esModule, which makes a default import undefined under CJS interop.
import { Ucum, UcumLhcUtils, UnitTables } from '@lhncbc/ucum-lhc';

// One instance for the module: getInstance() constructs a new one on every call.
const utils = UcumLhcUtils.getInstance();
const unitTables = UnitTables.getInstance();

export type FactorResult = { ok: true; factor: number } | { ok: false; reasons: string[] };

const problemsByUnit = new Map<string, string[]>();

/** ucum-lhc's messages use double spaces and newlines; a reason is read on one line. */
function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

/** Unit names from ucum-lhc carry HTML (millimeter<sup>3</sup>); plain text reads 'millimeter^3'. */
function plainText(name: string): string {
  return name.replace(/<sup>(.*?)<\/sup>/g, '^$1').replace(/<[^>]*>/g, '');
}

function findProblems(unit: string): string[] {
  if (unit.trim() === '') return ['no unit given'];
  // Checked here because ucum-lhc logs to the console when it meets a blank inside a unit.
  if (/\s/.test(unit)) return [`${JSON.stringify(unit)} contains blank space, which UCUM does not allow`];
  // Without suggestions, and status 'valid' only: ucum-lhc marks 'invalid' any string it had to
  // reinterpret (IU → [IU], Gauss → G), and we must not convert what a lab did not write.
  const result = utils.validateUnitString(unit, false);
  if (result.status === 'valid') return [];
  const why = result.msg.map(oneLine).join(' ');
  return [`${unit} is not a valid UCUM unit${why ? ` (${why})` : ''}`];
}

/** [] when `unit` is a valid UCUM code exactly as written; otherwise why not. */
export function ucumProblems(unit: string): string[] {
  let problems = problemsByUnit.get(unit);
  if (problems === undefined) {
    problems = findProblems(unit);
    problemsByUnit.set(unit, problems);
  }
  return problems;
}

/** What UCUM says a valid code means, e.g. 'K/uL' → '[degree Kelvin]/microliter'. */
export function ucumMeaning(unit: string): string {
  const name = utils.validateUnitString(unit, false).unit?.name;
  return name ? plainText(String(name)) : unit;
}

/** True for an atom such as '[IU]' that UCUM defines as arbitrary. */
export function isArbitraryAtom(code: string): boolean {
  return unitTables.getUnitByCode(code)?.isArbitrary_ === true;
}

function explainFailure(from: string, to: string, messages: string[]): string[] {
  const reasons = messages
    .map(oneLine)
    // "Sorry. X cannot be converted to Y." repeats what the caller's message already says.
    .filter((message) => !message.startsWith('Sorry.'))
    .map((message) =>
      message === oneLine(Ucum.needMoleWeightMsg_)
        ? `a molar mass is needed to convert between mass and amount of substance (ucum-lhc: ${message})`
        : message,
    );
  if (reasons.length > 0) return reasons;
  return [`they are not commensurable in UCUM (${from} = ${ucumMeaning(from)}; ${to} = ${ucumMeaning(to)})`];
}

/**
 * The factor f with value[to] = value[from] × f, from ucum-lhc converting 1 unit.
 * Both codes must already be valid UCUM (see ucumProblems).
 */
export function ucumFactor(from: string, to: string, molarMass: number | undefined): FactorResult {
  const options = molarMass === undefined ? {} : { molecularWeight: molarMass };
  const result = utils.convertUnitTo(from, 1, to, options);
  if (result.status !== 'succeeded' || result.toVal === null || result.msg.length > 0) {
    return { ok: false, reasons: explainFailure(from, to, result.msg) };
  }
  // A factor describes only proportional conversions; Cel → K adds 273.15, so 1 Cel tells nothing about 37 Cel.
  const special = result.fromUnit?.isSpecial_ ? from : result.toUnit?.isSpecial_ ? to : undefined;
  if (special !== undefined) {
    const why = `${special} (${ucumMeaning(special)}) converts by a function, not by a factor`;
    return { ok: false, reasons: [`${why}; only proportional conversions are supported`] };
  }
  return { ok: true, factor: result.toVal };
}
