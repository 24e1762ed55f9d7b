/**
 * Reading a subject's study events and enrolment: what the write path (events.ts) and the calendar
 * (visits.ts) share.
 */
import type { StudyEvent, StudyEventData } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import type { Sql } from '../database.ts';
import { TrialError } from '../errors.ts';
import { isSubjectId, type SubjectRow } from '../subjects/subjects.ts';
import type { Enrolment } from './history.ts';

/** What the on-study functions need of the trial: its protocol and the trial's calendar day of a moment. */
export interface Trial {
  protocol: Protocol;
  dayOf: (at: Date) => string;
}

export interface EventRow {
  id: string;
  subject_id: string;
  kind: StudyEvent['kind'];
  event_date: string | null;
  data: StudyEventData;
  version: number;
  recorded_at: string;
  recorded_by: string;
  removed_at: string | null;
  removal_reason: string | null;
}

export const viewOf = (r: EventRow): StudyEvent => ({
  id: r.id,
  subjectId: r.subject_id,
  kind: r.kind,
  date: r.event_date ?? '',
  data: r.data as unknown as Record<string, unknown>,
  version: r.version,
  recordedAt: r.recorded_at,
  recordedBy: r.recorded_by,
  removedAt: r.removed_at,
  removalReason: r.removal_reason,
});

/** The subject's enrolment: refused unless randomized (on-study data begin at randomization). */
export async function enrolmentOf(sql: Sql, trial: Trial, row: SubjectRow): Promise<Enrolment> {
  const allocation = (
    await sql.query<{ arm: string; randomized_at: Date | string; factors: Record<string, string> }>(
      'SELECT arm, randomized_at, factors FROM allocation WHERE subject_id = $1',
      [row.id],
    )
  ).rows[0];
  if (!allocation)
    throw new TrialError(
      'refused',
      `subject ${row.study_id} is not randomized: on-study data begin at randomization`,
    );
  return {
    arm: allocation.arm,
    randomized: trial.dayOf(new Date(allocation.randomized_at)),
    factors: allocation.factors,
  };
}

const EVENT_COLUMNS = `e.id, e.subject_id, e.kind, e.event_date::text AS event_date, e.data, e.version, e.recorded_at,
            u.display_name AS recorded_by, e.removed_at, e.removal_reason
       FROM study_event e JOIN app_user u ON u.id = e.recorded_by`;

/** The subject's study events, oldest first; `all` includes those removed. */
export async function eventRows(sql: Sql, subjectIds: readonly string[], all = false): Promise<EventRow[]> {
  const { rows } = await sql.query<EventRow>(
    `SELECT ${EVENT_COLUMNS}
      WHERE e.subject_id = ANY($1::uuid[])${all ? '' : ' AND e.removed_at IS NULL'}
      ORDER BY e.subject_id, e.event_date NULLS LAST, e.recorded_at`,
    [subjectIds],
  );
  return rows;
}

/** One study event of the subject (removed or not), or undefined. */
export async function eventRow(sql: Sql, subjectId: string, eventId: string): Promise<EventRow | undefined> {
  // Event IDs are random UUIDs like subjects': anything else names no event (without asking the database).
  if (!isSubjectId(eventId)) return undefined;
  return (
    await sql.query<EventRow>(`SELECT ${EVENT_COLUMNS} WHERE e.id = $1 AND e.subject_id = $2`, [
      eventId,
      subjectId,
    ])
  ).rows[0];
}
