/**
 * The one write path of on-study data (issue 15): record, correct (a reason, against a version) and
 * remove (a reason; the row stays, marked) a randomized subject's study events. Each write checks the
 * subject's whole history with the new fact (impossible histories are refused, the field named), writes
 * its audit event, and recomputes the subject's calendar cache, in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import { InputError, type StudyEvent, type StudyEventData } from '../../contracts/index.ts';
import { historyProblems } from '../../schedule/index.ts';
import { actorOf, type Principal, requireRole } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Sql } from '../database.ts';
import { notFound, staleVersion, TrialError } from '../errors.ts';
import { SITE_EDITORS, type SubjectRow, subjectFor } from '../subjects/subjects.ts';
import { type Enrolment, type EventRecord, eventDate, eventProblems, historyOf } from './history.ts';
import { type EventRow, enrolmentOf, eventRow, eventRows, type Trial, viewOf } from './records.ts';
import { specimenFactsOf, specimenProblems } from './specimens.ts';
import { refreshVisits } from './visits.ts';

export async function listStudyEvents(sql: Sql, who: Principal, subjectId: string): Promise<StudyEvent[]> {
  const { row } = await subjectFor(sql, who, subjectId);
  return (await eventRows(sql, [row.id], true)).map(viewOf);
}

/** The subject under its row lock, for a coordinator or investigator of its site, once randomized. */
async function writable(tx: Sql, who: Principal, trial: Trial, subjectId: string) {
  const { row } = await subjectFor(tx, who, subjectId, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  return { row, role, enrolment: await enrolmentOf(tx, trial, row) };
}

async function checked(
  tx: Sql,
  trial: Trial,
  row: SubjectRow,
  enrolment: Enrolment,
  event: EventRecord,
  at: Date,
): Promise<void> {
  const others = (await eventRows(tx, [row.id]))
    .filter((e) => e.id !== event.id)
    .map((e) => ({ id: e.id, data: e.data }));
  const problems = eventProblems(trial.protocol, enrolment, others, event, trial.dayOf(at));
  if (event.data.kind === 'specimen')
    problems.push(
      ...specimenProblems(trial.protocol, await specimenFactsOf(tx, trial.protocol, row), others, event.data),
    );
  if (problems.length) throw new InputError(problems, `subject ${row.study_id}`, 'body');
}

/** Records a new fact about a randomized subject (coordinator or investigator of its site). */
export async function recordStudyEvent(
  tx: Sql,
  who: Principal,
  at: Date,
  trial: Trial,
  subjectId: string,
  data: StudyEventData,
): Promise<StudyEvent> {
  const { row, role, enrolment } = await writable(tx, who, trial, subjectId);
  const id = randomUUID();
  await checked(tx, trial, row, enrolment, { id, data }, at);
  await tx.query(
    `INSERT INTO study_event (id, subject_id, kind, event_date, data, recorded_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [id, row.id, data.kind, eventDate(data), JSON.stringify(data), at.toISOString(), who.userId],
  );
  await recordAudit(tx, actorOf(who, role, row.site_id), at, {
    action: `study-event.record`,
    entityType: 'study_event',
    entityId: id,
    subjectId: row.id,
    siteId: row.site_id,
    changes: { [data.kind]: { before: null, after: data } },
  });
  await refreshVisits(tx, trial, row, enrolment, at);
  return viewOf((await eventRow(tx, row.id, id)) as EventRow);
}

async function current(tx: Sql, row: SubjectRow, eventId: string, version: number): Promise<EventRow> {
  const found = await eventRow(tx, row.id, eventId);
  if (!found) throw notFound('study event');
  if (found.removed_at)
    throw new TrialError('refused', 'this study event was removed: record it again instead');
  if (found.version !== version) throw staleVersion('study event', version, found.version);
  return found;
}

/** Corrects a submitted fact: the whole new record, the version it was made against, and why. */
export async function correctStudyEvent(
  tx: Sql,
  who: Principal,
  at: Date,
  trial: Trial,
  subjectId: string,
  eventId: string,
  input: { version: number; data: StudyEventData; reason: string },
): Promise<StudyEvent> {
  const { row, role, enrolment } = await writable(tx, who, trial, subjectId);
  const before = await current(tx, row, eventId, input.version);
  if (before.kind !== input.data.kind)
    throw new InputError(
      {
        path: 'data.kind',
        expected: `the record's kind (${before.kind}): remove it and record the other`,
        value: input.data.kind,
      },
      undefined,
      'body',
    );
  await checked(tx, trial, row, enrolment, { id: eventId, data: input.data }, at);
  await tx.query('UPDATE study_event SET data = $2, event_date = $3, version = version + 1 WHERE id = $1', [
    eventId,
    JSON.stringify(input.data),
    eventDate(input.data),
  ]);
  await recordAudit(tx, actorOf(who, role, row.site_id), at, {
    action: 'study-event.correct',
    entityType: 'study_event',
    entityId: eventId,
    subjectId: row.id,
    siteId: row.site_id,
    changes: { [before.kind]: { before: before.data, after: input.data } },
    reason: input.reason,
  });
  await refreshVisits(tx, trial, row, enrolment, at);
  return viewOf((await eventRow(tx, row.id, eventId)) as EventRow);
}

/** Removes a fact entered in error (it stays listed, marked, with the reason). */
export async function removeStudyEvent(
  tx: Sql,
  who: Principal,
  at: Date,
  trial: Trial,
  subjectId: string,
  eventId: string,
  input: { version: number; reason: string },
): Promise<StudyEvent> {
  const { row, role, enrolment } = await writable(tx, who, trial, subjectId);
  const before = await current(tx, row, eventId, input.version);
  const rest = (await eventRows(tx, [row.id])).filter((e) => e.id !== eventId);
  const left = removalProblems(enrolment, rest, before);
  if (left.length)
    throw new TrialError(
      'refused',
      `removing this ${before.kind} would leave an impossible history: ${left.join('; ')}. Correct or remove those records first`,
    );
  await tx.query(
    'UPDATE study_event SET removed_at = $2, removed_by = $3, removal_reason = $4, version = version + 1 WHERE id = $1',
    [eventId, at.toISOString(), who.userId, input.reason],
  );
  await recordAudit(tx, actorOf(who, role, row.site_id), at, {
    action: 'study-event.remove',
    entityType: 'study_event',
    entityId: eventId,
    subjectId: row.id,
    siteId: row.site_id,
    changes: { [before.kind]: { before: before.data, after: null } },
    reason: input.reason,
  });
  await refreshVisits(tx, trial, row, enrolment, at);
  return viewOf((await eventRow(tx, row.id, eventId)) as EventRow);
}

/** What would be wrong with the history without `removed`: the engine's checks, and doses of a cycle never started. */
function removalProblems(enrolment: Enrolment, rest: readonly EventRow[], removed: EventRow): string[] {
  const records = rest.map((e) => ({ id: e.id, data: e.data }));
  const problems = historyProblems(historyOf(enrolment, records).history).map(
    (p) => `${p.path}: expected ${p.expected}`,
  );
  if (removed.data.kind === 'cycle-start') {
    const cycle = removed.data.cycle;
    if (rest.some((e) => e.data.kind === 'dose' && e.data.cycle === cycle))
      problems.push(`cycle ${cycle} has doses recorded`);
  }
  return problems;
}
