/**
 * src/schedule: the visit calendar of a randomized subject, computed from the protocol's rules and the
 * subject's history (pure: the as-of date is a parameter). Issue 15; the rules are in calendar.ts.
 */
export { buildCalendar } from './calendar.ts';
export { checkHistory, endedForProgression, historyProblems, type ScheduleHistory } from './history.ts';
export type { ScheduleRules } from './rules.ts';
