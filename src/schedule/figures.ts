/**
 * The calendar's derived figures (issue 15): cycles started, days on treatment, dose intensity per drug,
 * the last date known alive, the start of new anticancer therapy. PFS and OS censor on these (the FDA
 * 2018 table: last adequate assessment before new therapy; OS at the last date known alive).
 */
import { daysBetween } from '../clinical/index.ts';
import type { ScheduleHistory } from './history.ts';

/** One drug's record for one cycle (src/contracts `dose` events). */
export interface DoseRecord {
  drug: string;
  cycle: number;
  date: string;
  action: 'given' | 'reduced' | 'held' | 'discontinued';
  doseMg?: number;
  everyOtherDay?: boolean;
  /** Oral drugs: days of the cycle the dose was taken. */
  daysTaken?: number;
}

/** What a drug's full dose is per cycle: an IV dose on day 1, or an oral daily dose on days 1 to `days`. */
export interface PlannedDose {
  drug: string;
  route: 'IV' | 'PO' | 'SC' | 'IM';
  /** mg per administration (IV) or per day (oral): the starting level. */
  mg: number;
  /** Oral: the days of a cycle it is taken (days 1–21 here). */
  days: number;
}

export interface DoseIntensity {
  drug: string;
  relative: number | null;
  receivedMg: number;
  plannedMg: number;
  cyclesWithDose: number;
  holds: number;
  reductions: number;
}

/** mg received in one record: IV the dose given; oral the level × the days taken (every other day: as taken). */
function receivedOf(record: DoseRecord, planned: PlannedDose): number {
  if (record.action === 'held' || record.action === 'discontinued' || record.doseMg === undefined) return 0;
  if (planned.route === 'IV') return record.doseMg;
  return record.doseMg * (record.daysTaken ?? 0);
}

/**
 * Relative dose intensity: mg received over mg planned at the starting level for the cycles started
 * while the drug was given (a drug discontinued earlier plans nothing after its last cycle).
 */
export function doseIntensity(
  planned: PlannedDose,
  records: readonly DoseRecord[],
  cyclesStarted: readonly number[],
): DoseIntensity {
  const own = records.filter((r) => r.drug === planned.drug);
  const stoppedAt = Math.min(...own.filter((r) => r.action === 'discontinued').map((r) => r.cycle));
  const cycles = cyclesStarted.filter((c) => c < stoppedAt);
  const perCycle = planned.route === 'IV' ? planned.mg : planned.mg * planned.days;
  const receivedMg = own.reduce((sum, r) => sum + receivedOf(r, planned), 0);
  const plannedMg = perCycle * cycles.length;
  return {
    drug: planned.drug,
    relative: plannedMg > 0 ? receivedMg / plannedMg : null,
    receivedMg,
    plannedMg,
    cyclesWithDose: new Set(own.filter((r) => receivedOf(r, planned) > 0).map((r) => r.cycle)).size,
    holds: own.filter((r) => r.action === 'held').length,
    reductions: own.filter((r) => r.action === 'reduced').length,
  };
}

export interface TreatmentFigures {
  cyclesStarted: number;
  daysOnTreatment: number | null;
  onTreatment: boolean;
  lastKnownAlive: string | null;
  death: string | null;
}

/**
 * Days on treatment: from the first cycle's start to the end of treatment (or death, or the as-of date
 * while treatment goes on), both days counted (ADaM TRTDURD = TRTEDT − TRTSDT + 1). Last known alive: the
 * latest date the subject was seen or heard from alive (a cycle, an assessment, a follow-up contact
 * recorded alive, a visit), before death for a subject who died.
 */
export function treatmentFigures(
  history: ScheduleHistory,
  asOf: string,
  contacts: { alive: readonly string[] } = { alive: [] },
): TreatmentFigures {
  const first = history.cycles[0]?.start;
  const end = history.endOfTreatment?.date ?? history.death ?? null;
  const onTreatment = first !== undefined && end === null;
  const until = end ?? asOf;
  const alive = [
    history.randomized,
    ...history.cycles.map((c) => c.start),
    ...history.assessments.map((a) => a.date),
    ...history.followUps,
    ...contacts.alive,
    ...(history.endOfTreatment ? [history.endOfTreatment.date] : []),
  ].filter((d) => d <= asOf && (!history.death || d < history.death));
  return {
    cyclesStarted: history.cycles.length,
    daysOnTreatment: first !== undefined && until >= first ? daysBetween(first, until) + 1 : null,
    onTreatment,
    lastKnownAlive: alive.sort().at(-1) ?? null,
    death: history.death,
  };
}
