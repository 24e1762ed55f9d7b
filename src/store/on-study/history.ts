/**
 * A randomized subject's study events as the schedule engine's history, and the facts no history can
 * hold: the engine's own checks (dates before randomization or after death, cycles out of order, …)
 * plus those about doses, visits and the end of the subject's participation.
 */
import type { DoseLevel, InputIssue, StudyEventData } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import { historyProblems, type ScheduleHistory } from '../../schedule/index.ts';

export interface EventRecord {
  id: string;
  data: StudyEventData;
}

export interface Enrolment {
  /** The randomization date in the trial's time zone. */
  randomized: string;
  arm: string;
  factors: Record<string, string>;
}

type Kind<K extends StudyEventData['kind']> = Extract<StudyEventData, { kind: K }>;
const ofKind = <K extends StudyEventData['kind']>(events: readonly EventRecord[], kind: K) =>
  events.filter((e): e is { id: string; data: Kind<K> } => e.data.kind === kind);

/** The date a fact happened (a missed visit has none). */
export function eventDate(data: StudyEventData): string | null {
  return 'date' in data ? data.date : null;
}

/** The history, and which event each of its paths came from (`cycles[2]` → an event ID). */
export function historyOf(enrolment: Enrolment, events: readonly EventRecord[]) {
  const owners = new Map<string, string>();
  const cycles = ofKind(events, 'cycle-start').sort((a, b) => a.data.cycle - b.data.cycle);
  cycles.forEach((e, i) => {
    owners.set(`cycles[${i}]`, e.id);
  });
  const assessments = ofKind(events, 'tumor-assessment');
  assessments.forEach((e, i) => {
    owners.set(`assessments[${i}]`, e.id);
  });
  const followUps = ofKind(events, 'follow-up');
  followUps.forEach((e, i) => {
    owners.set(`followUps[${i}]`, e.id);
  });
  const missed = ofKind(events, 'missed-visit');
  missed.forEach((e, i) => {
    owners.set(`missed[${i}]`, e.id);
  });
  const eot = ofKind(events, 'end-of-treatment')[0];
  if (eot) owners.set('endOfTreatment', eot.id);
  const death = ofKind(events, 'death')[0];
  if (death) owners.set('death', death.id);
  const ends = [
    ...ofKind(events, 'withdrawal')
      .filter((e) => e.data.scope === 'follow-up')
      .map((e) => e.data.date),
    ...ofKind(events, 'off-study').map((e) => e.data.date),
  ].sort();
  const history: ScheduleHistory = {
    randomized: enrolment.randomized,
    arm: enrolment.arm,
    cycles: cycles.map((e) => ({ cycle: e.data.cycle, start: e.data.date })),
    assessments: assessments.map((e) => ({ date: e.data.date, response: e.data.response })),
    followUps: followUps.map((e) => e.data.date),
    missed: missed.map((e) => e.data.visitId),
    endOfTreatment: eot ? { date: eot.data.date, reason: eot.data.reason } : null,
    death: death?.data.date ?? null,
    followUpWithdrawn: ends[0] ?? null,
  };
  return { history, owners };
}

/** The drugs this subject takes: the arm's, less the inhibitor not chosen (a stratification factor's level). */
export function drugsOf(protocol: Protocol, enrolment: Enrolment) {
  const arm = protocol.registry.arms.find((a) => a.id === enrolment.arm);
  const notChosen = new Set(
    protocol.registry.stratification.flatMap((f) => f.levels.filter((l) => enrolment.factors[f.id] !== l)),
  );
  return protocol.registry.interventions.filter(
    (i) => arm?.interventions.includes(i.id) && !notChosen.has(i.id),
  );
}

/** The dose levels a drug may be given at on `date`: by the last weight recorded on or before it, if it matters. */
export function doseLevelsOf(
  intervention: Protocol['registry']['interventions'][number],
  weightKg: number | undefined,
): DoseLevel[] {
  const { dose } = intervention;
  if (dose.levels) return dose.levels;
  const bands = (dose.byBodyWeight ?? []).filter(
    (b) =>
      weightKg === undefined ||
      ((b.below === undefined || weightKg < b.below) && (b.atLeast === undefined || weightKg >= b.atLeast)),
  );
  return bands.flatMap((b) => b.levels ?? [{ mg: b.value, everyOtherDay: false }]);
}

function lastWeightOn(events: readonly EventRecord[], date: string): number | undefined {
  return ofKind(events, 'visit')
    .filter((e) => e.data.weightKg !== undefined && e.data.date <= date)
    .sort((a, b) => (a.data.date < b.data.date ? -1 : 1))
    .at(-1)?.data.weightKg;
}

const ONCE: StudyEventData['kind'][] = ['end-of-treatment', 'death', 'off-study'];
const level = (l: DoseLevel) => `${l.mg} mg${l.everyOtherDay ? ' every other day' : ''}`;

/**
 * Problems of `event` (the one being written) among the subject's other `events`, at the body's field
 * names. Problems of the engine's history that sit on another event are the new one's too (the history
 * held before it came): they are named at its `date`, saying which record they conflict with.
 */
export function eventProblems(
  protocol: Protocol,
  enrolment: Enrolment,
  others: readonly EventRecord[],
  event: EventRecord,
  /** The trial's date today: nothing is recorded as having happened later. */
  today: string,
): InputIssue[] {
  const all = [...others, event];
  const data = event.data;
  const problems: InputIssue[] = [];
  const at = (path: string, expected: string, value: unknown) => {
    // The engine's checks and these may find the same fact (a date before randomization): once.
    if (!problems.some((p) => p.path === path && p.expected === expected))
      problems.push({ path, expected, value });
  };

  if (ONCE.includes(data.kind) && others.some((e) => e.data.kind === data.kind))
    at('kind', `one ${data.kind} per subject (correct the one recorded)`, data.kind);
  if (
    data.kind === 'withdrawal' &&
    others.some((e) => e.data.kind === 'withdrawal' && e.data.scope === data.scope)
  )
    at('scope', `one withdrawal from ${data.scope} per subject`, data.scope);

  const date = eventDate(data);
  const { history, owners } = historyOf(enrolment, all);
  if (date !== null) {
    if (date < enrolment.randomized)
      at('date', `a date on or after randomization (${enrolment.randomized})`, date);
    if (date > today) at('date', `a date on or before today (${today}): what has happened`, date);
    if (history.death && date > history.death && data.kind !== 'death')
      at('date', `a date on or before death (${history.death})`, date);
    const end = history.followUpWithdrawn;
    if (end && date > end && data.kind !== 'death')
      at('date', `a date on or before the withdrawal from follow-up or off study (${end})`, date);
  }
  if (data.kind === 'dose') doseProblems(protocol, enrolment, all, data, at);
  if (data.kind === 'end-of-treatment') {
    const doses = ofKind(others, 'dose').filter(
      (d) => d.data.action === 'given' || d.data.action === 'reduced',
    );
    const last = doses
      .map((d) => d.data.date)
      .sort()
      .at(-1);
    if (last && data.date < last) at('date', `a date on or after the last dose (${last})`, data.date);
    for (const [drug, day] of Object.entries(data.lastDoses))
      if (day > data.date || day < enrolment.randomized)
        at(
          `lastDoses.${drug}`,
          `a date from randomization (${enrolment.randomized}) to the end of treatment (${data.date})`,
          day,
        );
  }
  for (const issue of historyProblems(history)) {
    const [, prefix, field] = /^([a-zA-Z]+(?:\[\d+\])?)(?:\.(\w+))?$/.exec(issue.path) ?? [];
    const owner = owners.get(prefix ?? issue.path);
    if (owner === event.id) at(field === 'cycle' ? 'cycle' : 'date', issue.expected, issue.value);
    else if (!problems.some((p) => p.path === 'date'))
      at('date', `${issue.expected} (it conflicts with the record of ${issue.value})`, date);
  }
  return problems;
}

function doseProblems(
  protocol: Protocol,
  enrolment: Enrolment,
  all: readonly EventRecord[],
  data: Kind<'dose'>,
  at: (path: string, expected: string, value: unknown) => void,
): void {
  const drugs = drugsOf(protocol, enrolment);
  const drug = drugs.find((d) => d.id === data.drug);
  if (!drug) {
    at('drug', `one of this subject's drugs: ${drugs.map((d) => d.id).join(', ')}`, data.drug);
    return;
  }
  if (!ofKind(all, 'cycle-start').some((c) => c.data.cycle === data.cycle))
    at('cycle', 'a cycle whose start is recorded', data.cycle);
  const eot = ofKind(all, 'end-of-treatment')[0]?.data.date;
  if (eot && data.date > eot && data.action !== 'held')
    at('date', `a date on or before the end of treatment (${eot})`, data.date);
  const stopped = ofKind(all, 'dose').find(
    (d) => d.data.drug === data.drug && d.data.action === 'discontinued' && d.data.cycle < data.cycle,
  );
  if (stopped)
    at('cycle', `a cycle before ${data.drug} was discontinued (cycle ${stopped.data.cycle})`, data.cycle);
  if (data.doseMg !== undefined) {
    const levels = doseLevelsOf(drug, lastWeightOn(all, data.date));
    const every = data.everyOtherDay ?? false;
    if (!levels.some((l) => l.mg === data.doseMg && l.everyOtherDay === every))
      at('doseMg', `one of ${drug.name}'s dose levels: ${levels.map(level).join(', ')}`, data.doseMg);
  }
  if (
    drug.route !== 'IV' &&
    data.daysTaken !== undefined &&
    data.daysTaken > protocol.registry.schedule.cycleLengthDays
  )
    at('daysTaken', `at most the cycle's ${protocol.registry.schedule.cycleLengthDays} days`, data.daysTaken);
}
