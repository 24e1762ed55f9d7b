/**
 * The visit calendar (issue 15, section 2): a subject's history + the protocol's rules + an as-of date
 * → every visit with its planned date, window, status and actual date. The rules, exactly:
 *
 * - Day 0 is the randomization date R. C1D1 is planned on R, window [R − first.before, R + first.after].
 * - C<k>D1 (k ≥ 2) is planned a cycle length after the actual start of cycle k − 1 (after its planned
 *   date if it has not started): a delayed cycle moves every later one.
 * - Cycles not started by the end of treatment are `cancelled` when planned on or before it, and not
 *   listed when planned after it. Death without a recorded end of treatment ends treatment too.
 * - TA<j> is planned on R + j × interval whatever happens to the cycles (delays cannot bias PFS). An
 *   assessment counts for the TA whose window holds its date. The series stops after a progression (PD)
 *   assessment or death (no TA whose window opens after it), and after an end of treatment for
 *   progression; after an end of treatment for another reason it lists only assessments planned within
 *   the follow-up duration of it.
 * - FU<j> is planned on EOT + j × interval while planned ≤ EOT + duration; none whose window opens
 *   after death or after a withdrawal from follow-up.
 * - Status as of A: done, missed (declared), cancelled, overdue (A after the window), due (A inside it),
 *   planned (A before it).
 * - Assessments and follow-up contacts outside every window are unscheduled visits, numbered in date
 *   order (`TA-U1`, `FU-U1`); they never shift the schedule.
 * - Listed: every visit planned up to the as-of date, every visit with a record or declared missed, and
 *   of each kind the first visit planned after the as-of date.
 */
import { addDays } from '../clinical/index.ts';
import {
  InputError,
  type InputIssue,
  type Visit,
  type VisitKind,
  type VisitWindow,
} from '../contracts/index.ts';
import { checkHistory, endedForProgression, type ScheduleHistory } from './history.ts';
import type { ScheduleRules } from './rules.ts';

/**
 * The status of a visit neither done nor missed as of `asOf`: the one definition of "overdue" that the
 * calendar, the site worklist and every page use.
 */
export function openStatus(
  windowStart: string,
  windowEnd: string,
  asOf: string,
): 'overdue' | 'due' | 'planned' {
  return asOf > windowEnd ? 'overdue' : asOf >= windowStart ? 'due' : 'planned';
}

interface Slot {
  planned: string;
  window: VisitWindow;
}

function visitOf(
  id: string,
  kind: VisitKind,
  slot: Slot,
  asOf: string,
  actual?: string,
  declared?: boolean,
): Visit {
  const windowStart = addDays(slot.planned, -slot.window.before);
  const windowEnd = addDays(slot.planned, slot.window.after);
  const status = actual ? 'done' : declared ? 'missed' : openStatus(windowStart, windowEnd, asOf);

  return {
    id,
    kind,
    planned: slot.planned,
    window_start: windowStart,
    window_end: windowEnd,
    status,
    ...(actual ? { actual } : {}),
  };
}

const windowHolds = (visit: Visit, date: string) => visit.window_start <= date && date <= visit.window_end;

/** The date treatment ended: the recorded end of treatment, or death. */
function treatmentEnd(history: ScheduleHistory): string | null {
  return history.endOfTreatment?.date ?? history.death ?? null;
}

/**
 * Whether a visit is listed: one with a record or declared missed always; otherwise one planned up to
 * the as-of date, or the first planned after it (`next`: whether one planned after it is listed already).
 */
function listed(visit: Visit, asOf: string, declared: boolean, next: boolean): boolean {
  return visit.actual !== undefined || declared || visit.planned <= asOf || !next;
}

function cycles(rules: ScheduleRules, history: ScheduleHistory, asOf: string, missed: Set<string>): Visit[] {
  const starts = new Map(history.cycles.map((c) => [c.cycle, c.start]));
  const end = treatmentEnd(history);
  const lastKnown = Math.max(
    0,
    ...history.cycles.map((c) => c.cycle),
    ...[...missed].filter((id) => id.startsWith('C')).map((id) => Number(id.slice(1, -2))),
  );
  const out: Visit[] = [];
  let next = false;
  let previous: { planned: string; start?: string } | undefined;
  for (let k = 1; ; k++) {
    const planned = previous
      ? addDays(previous.start ?? previous.planned, rules.cycleLengthDays)
      : history.randomized;
    const start = starts.get(k);
    previous = { planned, ...(start ? { start } : {}) };
    const id = `C${k}D1`;
    const declared = missed.has(id);
    const window = k === 1 ? rules.firstCycleWindow : rules.cycleWindow;
    const visit = visitOf(id, 'treatment', { planned, window }, asOf, start, declared);
    // Not started by the end of treatment: cancelled when planned on or before it, else not listed.
    const unlisted = !start && !declared && end !== null && planned > end;
    if (unlisted || !listed(visit, asOf, declared, next)) {
      if (k >= lastKnown) break;
      continue;
    }
    if (!start && !declared && end !== null) visit.status = 'cancelled';
    if (visit.planned > asOf) next = true;
    out.push(visit);
  }
  return out;
}

/**
 * Scheduled visits of one kind planned on `anchor + j × interval`, with the records of `dates` counted
 * for the visit whose window holds them (the first such record; the others are unscheduled).
 */
function series(
  kind: Exclude<VisitKind, 'treatment'>,
  prefix: 'TA' | 'FU',
  anchor: string,
  intervalDays: number,
  window: VisitWindow,
  dates: readonly string[],
  asOf: string,
  missed: Set<string>,
  /** No visit whose window opens after `windowOpensBy`; none planned after `lastPlanned`. */
  stop: { windowOpensBy: string | null; lastPlanned: string | null },
): { visits: Visit[]; unscheduled: string[] } {
  const sorted = [...dates].sort();
  const lastDate = sorted.at(-1) ?? anchor;
  const lastMissed = Math.max(
    0,
    ...[...missed].filter((id) => id.startsWith(prefix)).map((id) => Number(id.slice(prefix.length))),
  );
  const visits: Visit[] = [];
  const used = new Set<string>();
  let next = false;
  for (let j = 1; ; j++) {
    const planned = addDays(anchor, j * intervalDays);
    const id = `${prefix}${j}`;
    const declared = missed.has(id);
    const slot = { planned, window };
    const open = visitOf(id, kind, slot, asOf);
    if (stop.lastPlanned !== null && planned > stop.lastPlanned) break;
    if (stop.windowOpensBy !== null && open.window_start > stop.windowOpensBy) break;
    const actual = sorted.find((d) => !used.has(d) && windowHolds(open, d));
    const visit = visitOf(id, kind, slot, asOf, actual, declared);
    if (!listed(visit, asOf, declared, next)) {
      if (open.window_start > lastDate && j >= lastMissed) break;
      continue;
    }
    if (actual) used.add(actual);
    if (visit.planned > asOf) next = true;
    visits.push(visit);
  }
  return { visits, unscheduled: sorted.filter((d) => !used.has(d)) };
}

function unscheduledVisits(kind: Exclude<VisitKind, 'treatment'>, prefix: string, dates: string[]): Visit[] {
  return dates.map((date, i) => ({
    id: `${prefix}-U${i + 1}`,
    kind,
    planned: date,
    window_start: date,
    window_end: date,
    status: 'done',
    actual: date,
  }));
}

const KIND_ORDER: Record<VisitKind, number> = { treatment: 0, 'tumor-assessment': 1, 'follow-up': 2 };

/**
 * The calendar of `history` as of `asOf` (YYYY-MM-DD), in planned-date order. Throws an InputError
 * naming every impossible fact of the history (`source`: the file or the subject it came from).
 */
export function buildCalendar(
  rules: ScheduleRules,
  history: ScheduleHistory,
  asOf: string,
  source?: string,
): Visit[] {
  checkHistory(history, source);
  const missed = new Set(history.missed);
  const eot = history.endOfTreatment?.date ?? null;
  const firstPd = history.assessments
    .filter((a) => a.response === 'PD')
    .map((a) => a.date)
    .sort()[0];
  const earliest = (...dates: (string | null | undefined)[]) =>
    dates.filter((d): d is string => !!d).sort()[0] ?? null;

  const treatment = cycles(rules, history, asOf, missed);
  const assessments = series(
    'tumor-assessment',
    'TA',
    history.randomized,
    rules.assessmentIntervalDays,
    rules.assessmentWindow,
    history.assessments.map((a) => a.date),
    asOf,
    missed,
    {
      windowOpensBy: earliest(
        firstPd,
        history.death,
        history.followUpWithdrawn,
        endedForProgression(history) ? eot : null,
      ),
      lastPlanned: eot ? addDays(eot, rules.followUpDurationDays) : null,
    },
  );
  const followUp = eot
    ? series(
        'follow-up',
        'FU',
        eot,
        rules.followUpIntervalDays,
        rules.followUpWindow,
        history.followUps,
        asOf,
        missed,
        {
          windowOpensBy: earliest(history.death, history.followUpWithdrawn),
          lastPlanned: addDays(eot, rules.followUpDurationDays),
        },
      )
    : { visits: [], unscheduled: [] };

  const visits = [
    ...treatment,
    ...assessments.visits,
    ...unscheduledVisits('tumor-assessment', 'TA', assessments.unscheduled),
    ...followUp.visits,
    ...unscheduledVisits('follow-up', 'FU', followUp.unscheduled),
  ];
  const problems: InputIssue[] = [];
  history.missed.forEach((id, i) => {
    const found = visits.find((v) => v.id === id);
    if (!found)
      problems.push({
        path: `missed[${i}]`,
        expected: "the ID of a visit in this subject's calendar",
        value: id,
      });
    else if (found.actual)
      problems.push({
        path: `missed[${i}]`,
        expected: `a visit that did not happen (${id} is recorded on ${found.actual})`,
        value: id,
      });
  });
  if (problems.length) throw new InputError(problems, source);
  return visits.sort(
    (a, b) =>
      (a.planned < b.planned ? -1 : a.planned > b.planned ? 1 : 0) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
}
