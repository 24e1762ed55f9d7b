/**
 * src/schedule: the visit calendar of a randomized subject, computed from the protocol's rules and the
 * subject's history (pure: the as-of date is a parameter). Issue 15; the rules are in calendar.ts.
 */
export { buildCalendar, openStatus } from './calendar.ts';
export {
  type DoseIntensity,
  type DoseRecord,
  doseIntensity,
  type PlannedDose,
  type TreatmentFigures,
  treatmentFigures,
} from './figures.ts';
export { checkHistory, endedForProgression, historyProblems, type ScheduleHistory } from './history.ts';
export type { ScheduleRules } from './rules.ts';
export {
  type SpecimenFacts,
  type SpecimenRecord,
  specimensDue,
} from './specimens.ts';
