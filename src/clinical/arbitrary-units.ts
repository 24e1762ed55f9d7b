/**
 * Conversions around UCUM arbitrary units ([IU], [arb'U], …). The UCUM specification makes an arbitrary
 * unit commensurable with nothing else, and ucum-lhc therefore refuses every conversion that involves one,
 * even [IU]/mL → [IU]/L or to itself. Yet the parts around it convert normally: 1 [IU]/mL = 1000 [IU]/L,
 * and 1 m[IU]/mL = 1 [IU]/L (serum hCG is reported both ways).
 *
 * We let ucum-lhc convert those parts by putting a stand-in base unit where the arbitrary unit stood.
 * The stand-in keeps the arbitrary unit's prefix, exponent and side of the fraction, so ucum-lhc's own
 * dimension check refuses [IU]/mL → mL/[IU]. Two stand-ins of different dimensions (candela, kelvin)
 * must give the same factor, so a unit that already contains one of them cannot fool the check.
 */
import { roundTo12SignificantDigits } from './precision.ts';
import { type FactorResult, isArbitraryAtom, ucumFactor, ucumMeaning } from './ucum.ts';

// Annotations ({copies}) are matched too, only so that a '[' inside one is never read as an atom.
const ANNOTATION_OR_BRACKETED_ATOM = /\{[^}]*\}|\[[^\]]*\]/g;
const STAND_INS = ['cd', 'K'] as const;

/** The arbitrary atoms written in a unit code, e.g. 'm[IU]/mL' → {'[IU]'}. */
export function arbitraryAtomsIn(unit: string): Set<string> {
  const atoms = new Set<string>();
  for (const [token] of unit.matchAll(ANNOTATION_OR_BRACKETED_ATOM)) {
    if (token.startsWith('[') && isArbitraryAtom(token)) atoms.add(token);
  }
  return atoms;
}

function withStandIn(unit: string, atom: string, standIn: string): string {
  return unit.replace(ANNOTATION_OR_BRACKETED_ATOM, (token) => (token === atom ? standIn : token));
}

function describeAtoms(atoms: Set<string>): string {
  return [...atoms].map((atom) => `${atom} (${ucumMeaning(atom)})`).join(', ');
}

/**
 * Factor between two units of which at least one holds an arbitrary atom: allowed only when both hold
 * the same single one, in the same place, and the rest converts. ({copies}/mL → [IU]/mL fails:
 * copies are not international units.)
 */
export function arbitraryUnitFactor(
  from: string,
  to: string,
  fromAtoms: Set<string>,
  toAtoms: Set<string>,
  molarMass: number | undefined,
): FactorResult {
  const all = new Set([...fromAtoms, ...toAtoms]);
  const [atom] = all;
  if (atom === undefined || all.size !== 1 || fromAtoms.size !== 1 || toAtoms.size !== 1) {
    const reason = `${describeAtoms(all)}: an arbitrary unit converts only to the same arbitrary unit`;
    return { ok: false, reasons: [reason] };
  }
  const factors = STAND_INS.map((standIn) =>
    ucumFactor(withStandIn(from, atom, standIn), withStandIn(to, atom, standIn), molarMass),
  );
  const [first, second] = factors;
  if (first?.ok && second?.ok) {
    if (roundTo12SignificantDigits(first.factor) === roundTo12SignificantDigits(second.factor)) return first;
  }
  const reason = `${atom} is an arbitrary unit: it must stand in the same place in both units, and the units around it must be commensurable`;
  return { ok: false, reasons: [reason] };
}
