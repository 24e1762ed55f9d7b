/**
 * The calendar's rules as the schedule engine takes them (src/schedule `ScheduleRules`), from
 * protocol.yaml's `schedule`: the cycle length and windows, the tumor-assessment and follow-up
 * intervals (whole weeks) and windows, and the follow-up duration (whole years of 365 days).
 */
import type { ScheduleRules } from '../schedule/index.ts';
import type { Protocol } from './schema.ts';

export function scheduleRulesOf(protocol: Pick<Protocol, 'registry'>): ScheduleRules {
  const { schedule } = protocol.registry;
  return {
    cycleLengthDays: schedule.cycleLengthDays,
    firstCycleWindow: schedule.cycleWindows.first,
    cycleWindow: schedule.cycleWindows.later,
    assessmentIntervalDays: schedule.tumorAssessment.everyWeeks * 7,
    assessmentWindow: schedule.tumorAssessment.window,
    followUpIntervalDays: schedule.followUp.everyWeeks * 7,
    followUpWindow: schedule.followUp.window,
    followUpDurationDays: schedule.followUp.durationYears * 365,
  };
}

/**
 * Windows of one kind that could overlap make "the visit whose window holds this date" ambiguous: each
 * window must be shorter than its interval.
 */
export function scheduleProblems(protocol: Pick<Protocol, 'registry'>): string[] {
  const rules = scheduleRulesOf(protocol);
  const checks: [string, { before: number; after: number }, number][] = [
    ['schedule.cycleWindows.later', rules.cycleWindow, rules.cycleLengthDays],
    ['schedule.tumorAssessment.window', rules.assessmentWindow, rules.assessmentIntervalDays],
    ['schedule.followUp.window', rules.followUpWindow, rules.followUpIntervalDays],
  ];
  return checks
    .filter(([, w, interval]) => w.before + w.after >= interval)
    .map(
      ([path, w, interval]) =>
        `${path}: ${w.before} days before + ${w.after} after must be less than the interval (${interval} days)`,
    );
}
