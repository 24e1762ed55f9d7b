/**
 * The calendar of a randomized subject and the site worklist. The calendar is the schedule engine's
 * (src/schedule) from the subject's study events; its visits are also cached in scheduled_visit —
 * replaced with every write to the subject's events, computed a year beyond the day of the write and
 * extended when a worklist looks further — so that a worklist over hundreds of subjects is one indexed
 * query, and its "overdue" is the engine's `openStatus`, as on every page.
 */

import { addDays } from '../../clinical/index.ts';
import type {
  StudyEventData,
  SubjectCalendar,
  Visit,
  Worklist,
  WorklistItem,
} from '../../contracts/index.ts';
import { scheduleRulesOf } from '../../protocol/index.ts';
import {
  buildCalendar,
  type DoseRecord,
  doseIntensity,
  openStatus,
  specimensDue,
  treatmentFigures,
} from '../../schedule/index.ts';
import { type Principal, visibleSites } from '../access.ts';
import type { Db, Sql } from '../database.ts';
import type { SubjectRow } from '../subjects/subjects.ts';
import { doseLevelsOf, drugsOf, type Enrolment, historyOf } from './history.ts';
import { enrolmentOf, eventRows, type Trial } from './records.ts';
import { specimenFactsOf, specimenRecordsOf } from './specimens.ts';

/** How far beyond the day of a write the cache holds the calendar. */
const HORIZON_DAYS = 366;

const outOfWindow = (v: Visit) =>
  v.actual !== undefined && (v.actual < v.window_start || v.actual > v.window_end);

/** The engine's calendar of a subject from its events, as of `asOf`. */
export function calendarOf(
  trial: Trial,
  enrolment: Enrolment,
  events: { id: string; data: StudyEventData }[],
  asOf: string,
) {
  const { history } = historyOf(enrolment, events);
  return { history, visits: buildCalendar(scheduleRulesOf(trial.protocol), history, asOf) };
}

/** The subject's events, and what the engine makes of them as of `asOf`: history, visits, specimens due. */
async function computed(sql: Sql, trial: Trial, row: SubjectRow, enrolment: Enrolment, asOf: string) {
  const events = (await eventRows(sql, [row.id])).map((e) => ({ id: e.id, data: e.data }));
  const { history, visits } = calendarOf(trial, enrolment, events, asOf);
  const specimens = specimensDue(
    trial.protocol.specimens.specimens,
    trial.protocol.specimens.endOfTreatmentWindowDays,
    await specimenFactsOf(sql, trial.protocol, row),
    visits,
    history.endOfTreatment?.date ?? null,
    specimenRecordsOf(events),
    asOf,
  );
  return { events, history, visits, specimens };
}

/** Replaces the subject's cached visits (in the caller's transaction). */
export async function refreshVisits(
  tx: Sql,
  trial: Trial,
  row: SubjectRow,
  enrolment: Enrolment,
  at: Date | string,
): Promise<void> {
  const through = addDays(typeof at === 'string' ? at : trial.dayOf(at), HORIZON_DAYS);
  const { visits, specimens } = await computed(tx, trial, row, enrolment, through);
  const rows = [
    ...visits.map((v) => ({
      ...v,
      state: v.status === 'done' || v.status === 'missed' || v.status === 'cancelled' ? v.status : 'open',
    })),
    ...specimens.map((s) => ({
      id: `${s.specimenId}@${s.timepoint}`,
      kind: 'specimen',
      planned: s.window_start,
      window_start: s.window_start,
      window_end: s.window_end,
      state: s.status === 'collected' || s.status === 'not-collected' ? 'done' : 'open',
      actual: s.collected,
    })),
  ];
  await tx.query('DELETE FROM scheduled_visit WHERE subject_id = $1', [row.id]);
  await tx.query(
    `INSERT INTO scheduled_visit (subject_id, site_id, visit_id, kind, planned, window_start, window_end, state, actual)
     SELECT $1, $2, v.id, v.kind, v.planned::date, v.window_start::date, v.window_end::date, v.state, v.actual::date
       FROM jsonb_to_recordset($3::jsonb) AS v(id text, kind text, planned text, window_start text, window_end text, state text, actual text)`,
    [row.id, row.site_id, JSON.stringify(rows)],
  );
  await tx.query(
    `INSERT INTO scheduled_visit_horizon (subject_id, computed_through) VALUES ($1, $2)
     ON CONFLICT (subject_id) DO UPDATE SET computed_through = excluded.computed_through`,
    [row.id, through],
  );
}

/** The subject's calendar as of `asOf` with its figures: cycles, days on treatment, dose intensity, last known alive. */
export async function subjectCalendar(
  sql: Sql,
  trial: Trial,
  row: SubjectRow,
  enrolment: Enrolment,
  asOf: string,
): Promise<SubjectCalendar> {
  const { events, history, visits, specimens } = await computed(sql, trial, row, enrolment, asOf);
  const missedReasons = new Map(
    events.flatMap((e) => (e.data.kind === 'missed-visit' ? [[e.data.visitId, e.data.reason] as const] : [])),
  );
  const alive = events.flatMap((e) =>
    e.data.kind === 'visit' || (e.data.kind === 'follow-up' && e.data.vitalStatus === 'alive')
      ? [e.data.date]
      : [],
  );
  const doses: DoseRecord[] = events.flatMap((e) => (e.data.kind === 'dose' ? [e.data] : []));
  const firstWeight = events
    .flatMap((e) => (e.data.kind === 'visit' && e.data.weightKg !== undefined ? [e.data] : []))
    .sort((a, b) => (a.date < b.date ? -1 : 1))[0]?.weightKg;
  const cycles = history.cycles.map((c) => c.cycle);
  const figures = treatmentFigures(history, asOf, { alive });
  const therapy = events
    .flatMap((e) =>
      e.data.kind === 'follow-up' && e.data.newAnticancerTherapy ? [e.data.newAnticancerTherapy.start] : [],
    )
    .sort()[0];
  return {
    subjectId: row.id,
    studyId: row.study_id,
    arm: enrolment.arm,
    randomized: enrolment.randomized,
    asOf,
    visits: visits.map((v) => ({
      ...v,
      outOfWindow: outOfWindow(v),
      ...(v.status === 'missed' ? { missedReason: missedReasons.get(v.id) } : {}),
      ...(v.status === 'done' || v.status === 'due' || v.status === 'overdue'
        ? { forms: formsOf(trial, v, events) }
        : {}),
    })),
    specimens,
    figures: {
      ...figures,
      newAnticancerTherapyStart: therapy ?? null,
      doseIntensity: drugsOf(trial.protocol, enrolment).map((drug) => {
        const start = doseLevelsOf(drug, firstWeight)[0];
        return doseIntensity(
          {
            drug: drug.id,
            route: drug.route,
            mg: start?.mg ?? 0,
            days: drug.route === 'IV' ? 1 : trial.protocol.registry.schedule.cycleLengthDays,
          },
          doses,
          cycles,
        );
      }),
    },
  };
}

/**
 * The state of each form a visit requires (protocol.yaml schedule.visitForms): as the visit's record
 * says (`forms`), else entered when the visit's own record holds its data (vital signs, ECOG, a dose of
 * the cycle, the assessment, the follow-up contact), else still required.
 */
function formsOf(trial: Trial, visit: Visit, events: readonly { data: StudyEventData }[]) {
  const records = events.map((e) => e.data);
  const visitRecord = records.find(
    (d): d is Extract<StudyEventData, { kind: 'visit' }> => d.kind === 'visit' && d.visitId === visit.id,
  );
  const cycle = visit.kind === 'treatment' ? Number(visit.id.slice(1, -2)) : null;
  const entered: Record<string, boolean> = {
    'vital-signs': visitRecord?.weightKg !== undefined || visitRecord?.systolicMmHg !== undefined,
    ecog: visitRecord?.ecog !== undefined,
    'drug-administration': records.some((d) => d.kind === 'dose' && d.cycle === cycle),
    'tumor-measurements': visit.kind === 'tumor-assessment' && visit.actual !== undefined,
    'survival-status': visit.kind === 'follow-up' && visit.actual !== undefined,
  };
  return trial.protocol.registry.schedule.visitForms[visit.kind].map((id) => ({
    id,
    state: visitRecord?.forms?.[id] ?? (entered[id] ? ('entered' as const) : ('required' as const)),
  }));
}

interface OpenRow {
  subject_id: string;
  study_id: string;
  site_id: string;
  visit_id: string;
  kind: Visit['kind'] | 'specimen';
  planned: string;
  window_start: string;
  window_end: string;
}

/**
 * What is overdue, due and coming up (window opening within `days`) as of `asOf`, across the randomized
 * subjects of the caller's sites (or one of them). Subjects whose cache does not reach far enough are
 * recomputed first.
 */
export async function worklist(
  sql: Db,
  who: Principal,
  trial: Trial,
  query: { siteId?: string; days: number; asOf: string },
): Promise<Worklist> {
  const visible = visibleSites(who);
  const sites = query.siteId
    ? visible === 'all' || visible.includes(query.siteId)
      ? [query.siteId]
      : []
    : visible === 'all'
      ? null
      : visible;
  const until = addDays(query.asOf, query.days);
  const stale = await sql.query<SubjectRow>(
    `SELECT s.* FROM subject s JOIN allocation a ON a.subject_id = s.id
       LEFT JOIN scheduled_visit_horizon h ON h.subject_id = s.id
      WHERE ($1::text[] IS NULL OR s.site_id = ANY($1)) AND (h.computed_through IS NULL OR h.computed_through < $2::date)`,
    [sites, until],
  );
  if (stale.rows.length) {
    for (const row of stale.rows)
      await sql.transaction(async (tx) =>
        refreshVisits(tx, trial, row, await enrolmentOf(tx, trial, row), until),
      );
  }
  const { rows } = await sql.query<OpenRow>(
    `SELECT v.subject_id, s.study_id, v.site_id, v.visit_id, v.kind, v.planned::text AS planned,
            v.window_start::text AS window_start, v.window_end::text AS window_end
       FROM scheduled_visit v JOIN subject s ON s.id = v.subject_id
      WHERE v.state = 'open' AND ($1::text[] IS NULL OR v.site_id = ANY($1)) AND v.window_start <= $2::date
      ORDER BY v.window_end, s.study_id, v.visit_id`,
    [sites, until],
  );
  const items: WorklistItem[] = rows.map((r) => ({
    subjectId: r.subject_id,
    studyId: r.study_id,
    siteId: r.site_id,
    id: r.visit_id,
    kind: r.kind,
    planned: r.planned,
    window_start: r.window_start,
    window_end: r.window_end,
    status: openStatus(r.window_start, r.window_end, query.asOf),
    outOfWindow: false,
  }));
  return {
    asOf: query.asOf,
    days: query.days,
    overdue: items.filter((i) => i.status === 'overdue'),
    due: items.filter((i) => i.status === 'due'),
    upcoming: items.filter((i) => i.status === 'planned'),
  };
}
