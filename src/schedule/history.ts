/**
 * A subject's history as the calendar reads it, and the histories that cannot have happened. The
 * events file of `trialkit schedule` is this shape (src/contracts `scheduleEvents`); the store builds it
 * from its records.
 */
import { InputError, type InputIssue, type ScheduleEvents } from '../contracts/index.ts';

export interface ScheduleHistory extends ScheduleEvents {
  /** Consent to all follow-up withdrawn on this date: no visit is planned after it. */
  followUpWithdrawn?: string | null;
}

const isProgression = (reason: string) => /progress/i.test(reason);

/** The end of treatment's reason says disease progression (`progression`, `disease progression`, …). */
export function endedForProgression(history: ScheduleHistory): boolean {
  return history.endOfTreatment !== null && isProgression(history.endOfTreatment.reason);
}

/**
 * Every impossible fact of `history`, each at its field: a date before randomization or after death,
 * cycles out of order, an end of treatment before the last cycle start or after death, a follow-up
 * contact before the end of treatment, a visit declared missed that was done.
 */
export function historyProblems(history: ScheduleHistory): InputIssue[] {
  const problems: InputIssue[] = [];
  const { randomized: r, death } = history;
  const eot = history.endOfTreatment?.date;
  const onOrAfterRandomization = (path: string, value: string) => {
    if (value < r) problems.push({ path, expected: `a date on or after randomization (${r})`, value });
  };
  const notAfterDeath = (path: string, value: string) => {
    if (death && value > death)
      problems.push({ path, expected: `a date on or before death (${death})`, value });
  };
  const dated = (path: string, value: string) => {
    onOrAfterRandomization(path, value);
    notAfterDeath(path, value);
  };

  if (death) onOrAfterRandomization('death', death);
  // In cycle-number order (the file may list them in any order): each number once, dates rising with them.
  const ordered = history.cycles.map((c, i) => ({ c, i })).sort((a, b) => a.c.cycle - b.c.cycle);
  ordered.forEach(({ c, i }, k) => {
    dated(`cycles[${i}].start`, c.start);
    if (eot && c.start > eot)
      problems.push({
        path: `cycles[${i}].start`,
        expected: `a date on or before the end of treatment (${eot})`,
        value: c.start,
      });
    const before = ordered[k - 1];
    if (before && c.cycle === before.c.cycle)
      problems.push({
        path: `cycles[${i}].cycle`,
        expected: `each cycle once (cycles[${before.i}] is cycle ${c.cycle} too)`,
        value: c.cycle,
      });
    else if (before && c.start <= before.c.start)
      problems.push({
        path: `cycles[${i}].start`,
        expected: `cycles in order: a date after cycle ${before.c.cycle}'s start (${before.c.start})`,
        value: c.start,
      });
  });
  if (eot) {
    dated('endOfTreatment.date', eot);
    const last = ordered.at(-1)?.c;
    if (last && eot < last.start)
      problems.push({
        path: 'endOfTreatment.date',
        expected: `a date on or after the last cycle's start (cycle ${last.cycle}, ${last.start})`,
        value: eot,
      });
  }
  const seen = new Map<string, number>();
  history.assessments.forEach((a, i) => {
    dated(`assessments[${i}].date`, a.date);
    const twin = seen.get(a.date);
    if (twin !== undefined)
      problems.push({
        path: `assessments[${i}].date`,
        expected: `one assessment per date (assessments[${twin}] has this date)`,
        value: a.date,
      });
    seen.set(a.date, i);
  });
  history.followUps.forEach((f, i) => {
    dated(`followUps[${i}]`, f);
    if (!eot || f < eot)
      problems.push({
        path: `followUps[${i}]`,
        expected: eot
          ? `a date on or after the end of treatment (${eot})`
          : 'an end of treatment first: follow-up contacts come after it',
        value: f,
      });
    if (history.followUpWithdrawn && f > history.followUpWithdrawn)
      problems.push({
        path: `followUps[${i}]`,
        expected: `a date on or before the withdrawal from follow-up (${history.followUpWithdrawn})`,
        value: f,
      });
  });
  const missed = new Set<string>();
  history.missed.forEach((id, i) => {
    if (missed.has(id)) problems.push({ path: `missed[${i}]`, expected: 'each visit once', value: id });
    missed.add(id);
  });
  return problems;
}

/** Throws an InputError naming every impossible fact of `history` (`source`: the file or the subject). */
export function checkHistory(history: ScheduleHistory, source?: string): void {
  const problems = historyProblems(history);
  if (problems.length) throw new InputError(problems, source);
}
