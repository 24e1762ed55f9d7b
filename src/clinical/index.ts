/**
 * Clinical calculators and unit conversion: pure functions, no I/O, no clock.
 * Each calculator cites its source in its own file.
 */
export type { ChildPughClass, ChildPughComponent, ChildPughInput, ChildPughResult } from './child-pugh.ts';
export { CHILD_PUGH_GRADES, childPugh, childPughClassOf } from './child-pugh.ts';
export { cockcroftGault } from './cockcroft-gault.ts';
export { correctedCalcium } from './corrected-calcium.ts';
export type { IsoDate } from './dates.ts';
export { addDays, addMonths, addYears, ageInYears, daysBetween, parseIsoDate } from './dates.ts';
export { ulnMultiple } from './uln.ts';
export type { ConversionResult } from './units.ts';
export { convertUnit, isValidUcum, MOLAR_MASS } from './units.ts';
