/**
 * bench:calendar — the site worklist (GET /api/worklist: what is overdue, due and coming) for a site
 * with 500 randomized subjects, each with three years of history, under 16 concurrent users; printed
 * beside the time of one SQL query that reads the same rows (the reference, same run, same
 * concurrency). Target (issue 15): worklist p95 ≤ 3 × the reference's p95, and < 100 ms.
 *
 * The subjects are screened, signed and randomized through the store functions the routes call; their
 * three years (cycles with doses and visits, tumor assessments, ends of treatment, follow-up contacts,
 * some missed and some overdue) are inserted in bulk as study events dated 2026-03-30 to 2029-03-30,
 * and the worklist is asked as of 2029-03-30. The first worklist request computes every subject's
 * calendar into the cache (timed and printed apart: it is what the first morning after an upgrade costs).
 * Also printed: reading every study event of the site, what computing the calendars live would read.
 *
 *   npm run bench:calendar                                  # PGlite
 *   DATABASE_URL=postgres://… npm run bench:calendar -- --subjects 500 --clients 16
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { addDays } from '../../src/clinical/index.ts';
import type { StudyEventData } from '../../src/contracts/index.ts';
import type { Db } from '../../src/store/index.ts';
import { prng } from '../population/basics.ts';
import { type HttpClient, quantile, runPhase } from '../server/http-load.ts';
import { FACTORS, prepareStaff, prepareSubjects, SITE, signIn, startTrial } from '../server/setup.ts';

const TARGET = { ratio: 3, p95Ms: 100 };
const AS_OF = '2029-03-30';
const url = process.env.DATABASE_URL || undefined;
const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: '500' },
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
  },
});
const subjects = Number(values.subjects);
const clients = Number(values.clients);
const seconds = Number(values.seconds);
if (!(Number.isInteger(subjects) && subjects > 0 && Number.isInteger(clients) && clients > 0 && seconds > 0))
  throw new Error('--subjects and --clients must be integers ≥ 1, --seconds > 0');

/** Three years of one subject randomized on 2026-03-30: treatment for a while, then follow-up. */
function history(n: number): StudyEventData[] {
  const next = prng(n + 1);
  const r = '2026-03-30';
  const events: StudyEventData[] = [];
  // 30 % still on treatment after three years; the others stop after 4–30 cycles.
  const cycles = next() < 0.3 ? 52 : 4 + Math.floor(next() * 27);
  let start = addDays(r, 1);
  let last = start;
  for (let c = 1; c <= cycles && start <= AS_OF; c++) {
    events.push({ kind: 'cycle-start', cycle: c, date: start });
    events.push({ kind: 'visit', visitId: `C${c}D1`, date: start, weightKg: 70, ecog: 1, systolicMmHg: 130 });
    events.push({
      kind: 'dose',
      cycle: c,
      drug: 'lenvatinib',
      date: start,
      action: 'given',
      doseMg: 12,
      daysTaken: 21,
    });
    last = start;
    start = addDays(start, 21 + (next() < 0.15 ? 1 + Math.floor(next() * 5) : 0));
  }
  // The specimens, collected at their time points (archival tissue: none available).
  const collected = (specimenId: string, timepoint: string, date: string): StudyEventData => ({
    kind: 'specimen',
    specimenId,
    timepoint,
    date,
    status: 'collected',
  });
  events.push(
    collected('research-blood', 'C1D1', addDays(r, 1)),
    collected('research-tissue', 'C1D1', addDays(r, 1)),
  );
  events.push({
    kind: 'specimen',
    specimenId: 'archival-tissue',
    timepoint: 'C1D1',
    date: addDays(r, 1),
    status: 'not-collected',
    reason: 'none available',
  });
  if (cycles > 1) events.push(collected('research-blood', 'C2D1', addDays(r, 22)));
  events.push(collected('research-blood', 'TA1', addDays(r, 63)));
  const onTreatment = cycles === 52;
  const eot = onTreatment ? null : addDays(last, 20);
  for (let j = 1; ; j++) {
    const planned = addDays(r, 63 * j);
    if (planned > AS_OF || (eot && planned > addDays(eot, 730))) break;
    // The last one may still be due; one scan in twelve is missed, most of those declared so.
    if (planned > addDays(AS_OF, -10)) continue;
    if (next() < 1 / 12) {
      if (next() < 0.7)
        events.push({ kind: 'missed-visit', visitId: `TA${j}`, reason: 'scanner down', contactAttempts: 1 });
      continue;
    }
    events.push({
      kind: 'tumor-assessment',
      date: addDays(planned, Math.floor(next() * 7) - 3),
      response: 'SD',
    });
  }
  if (eot) {
    events.push({ kind: 'end-of-treatment', date: eot, reason: 'toxicity', lastDoses: {} });
    events.push(collected('research-blood', 'EOT', addDays(eot, 3)));
    for (let j = 1; addDays(eot, 63 * j) <= AS_OF && 63 * j <= 730; j++)
      if (next() > 0.1)
        events.push({
          kind: 'follow-up',
          date: addDays(eot, 63 * j),
          vitalStatus: 'alive',
          lostToFollowUp: false,
        });
  }
  return events;
}

async function insertHistories(db: Db, ids: readonly string[], recordedBy: string): Promise<number> {
  let total = 0;
  for (const [n, id] of ids.entries()) {
    const rows = history(n).map((data) => ({
      id: randomUUID(),
      subject_id: id,
      kind: data.kind,
      event_date: 'date' in data ? data.date : null,
      data,
    }));
    total += rows.length;
    await db.query(
      `INSERT INTO study_event (id, subject_id, kind, event_date, data, recorded_at, recorded_by)
       SELECT r.id, r.subject_id, r.kind, r.event_date, r.data, now(), $2
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, subject_id uuid, kind text, event_date date, data jsonb)`,
      [JSON.stringify(rows), recordedBy],
    );
  }
  return total;
}

/** 16 callers of one SQL query for `seconds`: latencies in ms, sorted. */
async function timeQuery(db: Db, sql: string, params: unknown[]): Promise<Float64Array> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await db.query(sql, params);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return Float64Array.from(latencies).sort();
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const line = (name: string, l: Float64Array, s: number) =>
  `${name.padEnd(34)} ${String(l.length).padStart(6)} in ${s.toFixed(1)} s: ${(l.length / s).toFixed(0)}/s, p50 ${ms(quantile(l, 0.5))}, p95 ${ms(quantile(l, 0.95))}, max ${ms(quantile(l, 1))}`;

const trial = await startTrial({ url, clients: clients + 2, timer: null });
try {
  const started = performance.now();
  process.stdout.write(
    `bench:calendar on ${url ? 'PostgreSQL' : 'PGlite'}: ${subjects} subjects at ${SITE}, ${clients} users\n`,
  );
  const staff = await prepareStaff(trial, 1, subjects);
  const ids = await prepareSubjects(trial, staff, subjects, 4, (done) =>
    process.stdout.write(`  signed ${done}\n`),
  );
  const coordinator = staff.coordinatorSessions[0] as HttpClient;
  for (const [i, id] of ids.entries()) {
    await trial.http.json(
      'POST',
      `/api/subjects/${id}/randomization`,
      coordinator,
      { factors: FACTORS },
      201,
    );
    if ((i + 1) % 250 === 0) process.stdout.write(`  randomized ${i + 1}\n`);
  }
  const events = await insertHistories(trial.db, ids, staff.coordinator.userId);
  process.stdout.write(
    `prepared ${subjects} subjects, ${events} study events in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );

  const path = `/api/worklist?asOf=${AS_OF}&days=14&siteId=${SITE}`;
  const first = performance.now();
  const warm = await trial.http.json<{ overdue: unknown[]; due: unknown[]; upcoming: unknown[] }>(
    'GET',
    path,
    coordinator,
    undefined,
    200,
  );
  const firstMs = performance.now() - first;
  const listed = warm.body.overdue.length + warm.body.due.length + warm.body.upcoming.length;
  process.stdout.write(
    `first worklist (every calendar computed into the cache): ${ms(firstMs)}; ${warm.body.overdue.length} overdue, ${warm.body.due.length} due, ${warm.body.upcoming.length} coming\n`,
  );

  const sessions: HttpClient[] = [];
  for (let i = 0; i < clients; i++)
    sessions.push(await signIn(trial.http, 'bench-coordinator', 'own-bench-coordinator-password'));
  const load = await runPhase({
    clients: sessions,
    durationMs: seconds * 1000,
    send: async (_i, client) => {
      const answer = await trial.http.send('GET', path, client);
      return answer.status === 200 ? null : `${answer.status} ${answer.body.slice(0, 200)}`;
    },
  });
  const reference = await timeQuery(
    trial.db,
    `SELECT v.subject_id, s.study_id, v.site_id, v.visit_id, v.kind, v.planned::text, v.window_start::text, v.window_end::text
       FROM scheduled_visit v JOIN subject s ON s.id = v.subject_id
      WHERE v.state = 'open' AND v.site_id = ANY($1) AND v.window_start <= $2::date
      ORDER BY v.window_end, s.study_id, v.visit_id`,
    [[SITE], addDays(AS_OF, 14)],
  );
  const raw = await timeQuery(
    trial.db,
    'SELECT e.subject_id, e.kind, e.event_date, e.data FROM study_event e JOIN subject s ON s.id = e.subject_id WHERE s.site_id = $1 AND e.removed_at IS NULL',
    [SITE],
  );
  process.stdout.write(`${line('GET /api/worklist', load.latencies, load.seconds)}, errors ${load.errors}\n`);
  process.stdout.write(`${line(`reference: the same ${listed} rows (SQL)`, reference, seconds)}\n`);
  process.stdout.write(`${line(`beside it: every study event (${events})`, raw, seconds)}\n`);
  if (load.failures.length) process.stdout.write(`failures: ${load.failures.join(' | ')}\n`);
  const p95 = quantile(load.latencies, 0.95);
  const ratio = p95 / quantile(reference, 0.95);
  const met = ratio <= TARGET.ratio && p95 < TARGET.p95Ms && load.errors === 0;
  process.stdout.write(
    `target: p95 ≤ ${TARGET.ratio} × the reference and < ${TARGET.p95Ms} ms — ${met ? 'met' : 'NOT met'}\n`,
  );
  process.stdout.write(`worklist/reference p95 ratio: ${ratio.toFixed(2)} p95: ${p95.toFixed(1)} ms\n`);
} finally {
  await trial.close();
}
