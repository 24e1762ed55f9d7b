/**
 * On-study conduct through the API (issue 15): a history recorded event by event gives the calendar
 * `trialkit schedule` computes from the same facts; impossible histories are refused with the field
 * named; corrections need a reason and a version and keep both values in the audit trail; the
 * worklist and the iCalendar downloads are site-scoped and name subjects by study ID only.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARIZONA,
  type Client,
  ROCHESTER,
  startApi,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { tempFile, trialkit } from '../../test/support/cli.ts';
import { backends } from '../../test/support/database.ts';
import { eligibleSignedSubject } from '../../test/support/eligible-subject.ts';
import { type Principal, principalOf } from '../store/index.ts';

describe.each(backends())('on-study conduct on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let monitor: Client;
  let elsewhere: Client;
  let staff: { coordinator: Principal; investigator: Principal };

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    await api.user('inv', [{ role: 'investigator', siteId: ROCHESTER }]);
    monitor = await api.user('mon', [{ role: 'monitor', siteId: ROCHESTER }]);
    elsewhere = await api.user('coord-az', [{ role: 'coordinator', siteId: ARIZONA }]);
    const statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
    const list = await statistician.post('/api/randomization/lists', {});
    if (list.status !== 201) throw new Error(JSON.stringify(list.body));
    const { rows } = await api.db.query<{ id: string; username: string }>(
      'SELECT id, username FROM app_user',
    );
    const who = async (name: string) =>
      (await principalOf(api.db, rows.find((u) => u.username === name)?.id as string)) as Principal;
    staff = { coordinator: await who('coord'), investigator: await who('inv') };
  }, 60_000);
  afterAll(() => api?.close());

  /** Signs the test's users in again at the test clock's time (a session does not outlive a jump in time). */
  async function signInAgain(): Promise<void> {
    coordinator = await api.login('coord', coordinator.password);
    monitor = await api.login('mon', monitor.password);
    elsewhere = await api.login('coord-az', elsewhere.password);
  }
  /** Then the clock moves to 2026-12-01: what happened since can be recorded (nothing dated after today). */
  async function later(): Promise<void> {
    api.clock.set('2026-12-01T15:00:00Z');
    await signInAgain();
  }

  /** A subject randomized on 2026-03-30 (14:00 UTC: the same day in Chicago) to take lenvatinib. */
  async function randomized(): Promise<{ id: string; studyId: string; arm: string }> {
    api.clock.set('2026-03-30T14:00:00Z');
    await signInAgain();
    const id = await eligibleSignedSubject(api.db, testProtocol(), staff, api.clock.now(), ROCHESTER);
    const receipt = await coordinator.post(`/api/subjects/${id}/randomization`, {
      factors: { 'planned-mki': 'lenvatinib' },
    });
    if (receipt.status !== 201) throw new Error(JSON.stringify(receipt.body));
    await later();
    return { id, studyId: receipt.body.studyId, arm: receipt.body.arm };
  }
  const record = (id: string, event: object, as: Client = coordinator) =>
    as.post(`/api/subjects/${id}/events`, event);
  async function recordAll(id: string, events: object[]): Promise<void> {
    for (const event of events) {
      const answer = await record(id, event);
      if (answer.status !== 201) throw new Error(`${JSON.stringify(event)}: ${JSON.stringify(answer.body)}`);
    }
  }

  it('gives the calendar the CLI gives for the same history', async () => {
    const { id, arm } = await randomized();
    const doses = (cycle: number, date: string, doseMg: number, action = 'given', reason?: string) => ({
      kind: 'dose',
      cycle,
      drug: 'lenvatinib',
      date,
      action,
      doseMg,
      daysTaken: 21,
      ...(reason ? { reason } : {}),
    });
    await recordAll(id, [
      { kind: 'visit', visitId: 'C1D1', date: '2026-03-31', weightKg: 72, ecog: 1 },
      { kind: 'cycle-start', cycle: 1, date: '2026-03-31' },
      doses(1, '2026-03-31', 12),
      { kind: 'cycle-start', cycle: 2, date: '2026-04-24' }, // 3 days late: C3 moves
      doses(2, '2026-04-24', 8, 'reduced', 'grade 3 hypertension'),
      {
        kind: 'visit',
        visitId: 'C2D1',
        date: '2026-04-24',
        forms: { 'adverse-events': 'entered', laboratory: 'not-required' },
      },
      { kind: 'tumor-assessment', date: '2026-06-01', response: 'SD' },
      { kind: 'missed-visit', visitId: 'C3D1', reason: 'patient hospitalized', contactAttempts: 2 },
      {
        kind: 'end-of-treatment',
        date: '2026-06-10',
        reason: 'toxicity',
        lastDoses: { lenvatinib: '2026-05-14' },
      },
      { kind: 'follow-up', date: '2026-08-12', vitalStatus: 'alive' },
    ]);
    const asOf = '2026-11-01';
    const calendar = await monitor.get(`/api/subjects/${id}/calendar?asOf=${asOf}`);
    expect(calendar.status).toBe(200);
    const file = tempFile(
      'events.json',
      JSON.stringify({
        randomized: '2026-03-30',
        arm,
        cycles: [
          { cycle: 1, start: '2026-03-31' },
          { cycle: 2, start: '2026-04-24' },
        ],
        assessments: [{ date: '2026-06-01', response: 'SD' }],
        followUps: ['2026-08-12'],
        missed: ['C3D1'],
        endOfTreatment: { date: '2026-06-10', reason: 'toxicity' },
        death: null,
      }),
    );
    const cli = await trialkit('schedule', '--events', file, '--as-of', asOf);
    expect(cli.code).toBe(0);
    const fromApi = calendar.body.visits.map(
      ({
        outOfWindow: _o,
        missedReason: _m,
        forms: _f,
        ...v
      }: object & { outOfWindow: boolean; missedReason?: string; forms?: unknown }) => v,
    );
    expect(fromApi).toEqual(JSON.parse(cli.stdout).visits);
    // C1D1's forms: vital signs and ECOG from its visit record, the dose of cycle 1; the others still required.
    expect(calendar.body.visits.find((v: { id: string }) => v.id === 'C1D1').forms).toEqual([
      { id: 'vital-signs', state: 'entered' },
      { id: 'ecog', state: 'entered' },
      { id: 'drug-administration', state: 'entered' },
      { id: 'adverse-events', state: 'required' },
      { id: 'laboratory', state: 'required' },
    ]);
    // C2D1's visit record says how two of its forms stand; its dose is entered; its vital signs are not.
    expect(calendar.body.visits.find((v: { id: string }) => v.id === 'C2D1').forms).toEqual([
      { id: 'vital-signs', state: 'required' },
      { id: 'ecog', state: 'required' },
      { id: 'drug-administration', state: 'entered' },
      { id: 'adverse-events', state: 'entered' },
      { id: 'laboratory', state: 'not-required' },
    ]);
    const c3 = calendar.body.visits.find((v: { id: string }) => v.id === 'C3D1');
    expect(c3).toMatchObject({
      planned: '2026-05-15',
      status: 'missed',
      missedReason: 'patient hospitalized',
    });
    expect(calendar.body.figures).toMatchObject({
      cyclesStarted: 2,
      daysOnTreatment: 72, // 2026-03-31 to 2026-06-10, both counted
      onTreatment: false,
      lastKnownAlive: '2026-08-12',
    });
    // Lenvatinib ≥ 60 kg: 12 mg × 21 days planned per cycle; received 12×21 + 8×21.
    // Atezolizumab (arm A) first, in the protocol's order; nothing recorded of it here.
    expect(calendar.body.figures.doseIntensity).toEqual([
      ...(arm === 'A'
        ? [expect.objectContaining({ drug: 'atezolizumab', receivedMg: 0, plannedMg: 2400 })]
        : []),
      expect.objectContaining({ drug: 'lenvatinib', receivedMg: 420, plannedMg: 504, reductions: 1 }),
    ]);
  });

  it('refuses impossible histories, naming the field and what was expected', async () => {
    const { id } = await randomized();
    const early = await record(id, { kind: 'cycle-start', cycle: 1, date: '2026-03-29' });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toMatch(
      /date: expected a date on or after randomization \(2026-03-30\)/,
    );
    const tomorrow = await record(id, { kind: 'cycle-start', cycle: 1, date: '2026-12-02' });
    expect(tomorrow.body.error.message).toMatch(/date: expected a date on or before today \(2026-12-01\)/);
    await recordAll(id, [
      { kind: 'visit', visitId: 'C1D1', date: '2026-03-30', weightKg: 55 },
      { kind: 'cycle-start', cycle: 1, date: '2026-03-30' },
    ]);
    // < 60 kg: lenvatinib 8 mg, then 4 mg, then 4 mg every other day; never 12 mg.
    const heavy = await record(id, {
      kind: 'dose',
      cycle: 1,
      drug: 'lenvatinib',
      date: '2026-03-30',
      action: 'given',
      doseMg: 12,
    });
    expect(heavy.status).toBe(400);
    expect(heavy.body.error.message).toContain(
      "doseMg: expected one of Lenvatinib's dose levels: 8 mg, 4 mg, 4 mg every other day",
    );
    expect(
      (
        await record(id, {
          kind: 'dose',
          cycle: 1,
          drug: 'lenvatinib',
          date: '2026-03-30',
          action: 'given',
          doseMg: 8,
        })
      ).status,
    ).toBe(201);
    const other = await record(id, {
      kind: 'dose',
      cycle: 1,
      drug: 'cabozantinib',
      date: '2026-03-30',
      action: 'given',
      doseMg: 60,
    });
    expect(other.body.error.message).toMatch(/drug: expected one of this subject's drugs/);
    const unstarted = await record(id, {
      kind: 'dose',
      cycle: 2,
      drug: 'lenvatinib',
      date: '2026-04-20',
      action: 'given',
      doseMg: 8,
    });
    expect(unstarted.body.error.message).toMatch(/cycle: expected a cycle whose start is recorded/);
    const eot = await record(id, { kind: 'end-of-treatment', date: '2026-03-29', reason: 'toxicity' });
    expect(eot.status).toBe(400);
    await recordAll(id, [{ kind: 'death', date: '2026-05-01', cause: 'hepatic failure' }]);
    const after = await record(id, { kind: 'visit', visitId: 'unscheduled', date: '2026-05-02' });
    expect(after.body.error.message).toMatch(/date: expected a date on or before death \(2026-05-01\)/);
    const twice = await record(id, { kind: 'death', date: '2026-05-01', cause: 'again' });
    expect(twice.body.error.message).toMatch(/kind: expected one death per subject/);
    const notRandomized = await eligibleSignedSubject(
      api.db,
      testProtocol(),
      staff,
      api.clock.now(),
      ROCHESTER,
    );
    const refused = await record(notRandomized, { kind: 'cycle-start', cycle: 1, date: '2026-03-30' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/is not randomized/);
  });

  it('corrects with a version and a reason, keeps both values in the audit trail, and removes what was entered in error', async () => {
    const { id } = await randomized();
    const made = await record(id, { kind: 'cycle-start', cycle: 1, date: '2026-03-31' });
    const corrected = await coordinator.patch(`/api/subjects/${id}/events/${made.body.id}`, {
      version: 1,
      data: { kind: 'cycle-start', cycle: 1, date: '2026-04-01' },
      reason: 'typed the consent date',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ version: 2, date: '2026-04-01' });
    const stale = await coordinator.patch(`/api/subjects/${id}/events/${made.body.id}`, {
      version: 1,
      data: { kind: 'cycle-start', cycle: 1, date: '2026-04-02' },
      reason: 'again',
    });
    expect(stale.status).toBe(409);
    const audit = (await monitor.get(`/api/subjects/${id}/audit`)).body as {
      action: string;
      changes: object;
      reason: string | null;
    }[];
    expect(audit.find((e) => e.action === 'study-event.correct')).toMatchObject({
      reason: 'typed the consent date',
      changes: { 'cycle-start': { before: { date: '2026-03-31' }, after: { date: '2026-04-01' } } },
    });
    // A dose of cycle 1 keeps its start from being removed.
    await recordAll(id, [
      { kind: 'dose', cycle: 1, drug: 'lenvatinib', date: '2026-04-01', action: 'held', reason: 'bleeding' },
    ]);
    const blocked = await coordinator.post(`/api/subjects/${id}/events/${made.body.id}/removal`, {
      version: 2,
      reason: 'wrong subject',
    });
    expect(blocked.status).toBe(422);
    const events = (await monitor.get(`/api/subjects/${id}/events`)).body as {
      id: string;
      kind: string;
      version: number;
    }[];
    const dose = events.find((e) => e.kind === 'dose') as { id: string; version: number };
    const removed = await coordinator.post(`/api/subjects/${id}/events/${dose.id}/removal`, {
      version: dose.version,
      reason: 'wrong subject',
    });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ removalReason: 'wrong subject' });
    expect(
      (
        await monitor.post(`/api/subjects/${id}/events`, {
          kind: 'cycle-start',
          cycle: 2,
          date: '2026-04-22',
        })
      ).status,
    ).toBe(403);
    expect((await elsewhere.get(`/api/subjects/${id}/calendar`)).status).toBe(404);
  });

  it('asks each subject for the specimens the protocol owes, and records them', async () => {
    const { id } = await randomized();
    const calendar = (await monitor.get(`/api/subjects/${id}/calendar`)).body;
    const due = calendar.specimens.map(
      (s: { specimenId: string; timepoint: string }) => `${s.specimenId}@${s.timepoint}`,
    );
    // Every subject: research blood (I12). Rochester: research tissue for the first 10 per arm (I13) —
    // the test's subjects are spread over both arms, none beyond the tenth.
    expect(due).toEqual(
      expect.arrayContaining(['research-blood@C1D1', 'research-blood@C2D1', 'research-tissue@C1D1']),
    );
    // I11 (consent to archival tissue, an inclusion criterion) was met at screening: asked for, if available.
    expect(due).toContain('archival-tissue@C1D1');
    await recordAll(id, [{ kind: 'cycle-start', cycle: 1, date: '2026-03-31' }]);
    const collected = await record(id, {
      kind: 'specimen',
      specimenId: 'research-blood',
      timepoint: 'C1D1',
      date: '2026-03-31',
      status: 'collected',
      containerId: 'TUBE-0001',
      shippedOn: '2026-03-31',
      receivedOn: '2026-04-02',
    });
    expect(collected.status).toBe(201);
    const wrongTime = await record(id, {
      kind: 'specimen',
      specimenId: 'research-tissue',
      timepoint: 'TA1',
      date: '2026-04-01',
      status: 'not-collected',
      reason: 'no lesion safe to biopsy',
    });
    expect(wrongTime.body.error.message).toMatch(/timepoint: expected one of C1D1/);
    const archival = await record(id, {
      kind: 'specimen',
      specimenId: 'archival-tissue',
      timepoint: 'C1D1',
      date: '2026-04-01',
      status: 'not-collected',
      reason: 'no archival tissue available',
    });
    expect(archival.status).toBe(201);
    const unknown = await record(id, {
      kind: 'specimen',
      specimenId: 'saliva',
      timepoint: 'C1D1',
      date: '2026-04-01',
      status: 'collected',
    });
    expect(unknown.body.error.message).toMatch(
      /specimenId: expected one of the protocol's specimens: research-blood, research-tissue, archival-tissue/,
    );
    const twice = await record(id, {
      kind: 'specimen',
      specimenId: 'research-blood',
      timepoint: 'C1D1',
      date: '2026-04-01',
      status: 'collected',
    });
    expect(twice.body.error.message).toMatch(/one record of research-blood at C1D1/);
    const after = (await monitor.get(`/api/subjects/${id}/calendar`)).body.specimens;
    expect(
      after.find(
        (s: { specimenId: string; timepoint: string }) =>
          s.specimenId === 'research-blood' && s.timepoint === 'C1D1',
      ),
    ).toMatchObject({
      status: 'collected',
      collected: '2026-03-31',
    });
    // The worklist lists what is still owed, beside the visits.
    const list = (await monitor.get('/api/worklist?asOf=2026-04-01&days=14')).body;
    const mine = [...list.overdue, ...list.due, ...list.upcoming].filter(
      (v: { subjectId: string }) => v.subjectId === id,
    );
    expect(mine.map((v: { id: string }) => v.id)).toEqual(expect.arrayContaining(['research-tissue@C1D1']));
    expect(mine.map((v: { id: string }) => v.id)).not.toContain('research-blood@C1D1');
  });

  it('lists what is overdue, due and coming at the site, with one definition of overdue, and downloads it as iCalendar', async () => {
    const { id, studyId } = await randomized();
    await recordAll(id, [{ kind: 'cycle-start', cycle: 1, date: '2026-03-30' }]);
    // C2D1 planned 2026-04-20, window 04-17..04-23; TA1 planned 2026-06-01, window 05-25..06-08.
    const at = async (asOf: string) => {
      const list = (await monitor.get(`/api/worklist?asOf=${asOf}&days=14`)).body;
      const mine = (group: { subjectId: string; id: string; kind: string }[]) =>
        group.filter((v) => v.subjectId === id && v.kind !== 'specimen').map((v) => v.id);
      return { overdue: mine(list.overdue), due: mine(list.due), upcoming: mine(list.upcoming) };
    };
    expect(await at('2026-04-10')).toEqual({ overdue: [], due: [], upcoming: ['C2D1'] });
    expect(await at('2026-04-17')).toEqual({ overdue: [], due: ['C2D1'], upcoming: [] });
    // C3D1 counts from C2D1's planned date: 2026-05-11, its window opening 05-08, within 14 days.
    expect(await at('2026-04-24')).toEqual({ overdue: ['C2D1'], due: [], upcoming: ['C3D1'] });
    const calendar = (await monitor.get(`/api/subjects/${id}/calendar?asOf=2026-04-24`)).body;
    expect(calendar.visits.find((v: { id: string }) => v.id === 'C2D1').status).toBe('overdue');
    expect(
      (await elsewhere.get('/api/worklist?asOf=2026-04-24')).body.overdue.some(
        (v: { subjectId: string }) => v.subjectId === id,
      ),
    ).toBe(false);

    const site = await monitor.get('/api/worklist.ics?asOf=2026-04-24&days=14');
    expect(site.status).toBe(200);
    const events = new ICAL.Component(ICAL.parse(site.body))
      .getAllSubcomponents('vevent')
      .map((c) => new ICAL.Event(c));
    expect(events.some((e) => e.summary === `${studyId} C2D1 cycle start (overdue)`)).toBe(true);
    const own = await monitor.get(`/api/subjects/${id}/calendar.ics?asOf=2026-04-24`);
    expect(own.status).toBe(200);
    const { birthDate } = (await monitor.get(`/api/subjects/${id}`)).body;
    for (const text of [String(own.body), String(site.body)]) {
      expect(text).toContain(studyId);
      expect(text).not.toContain(birthDate);
      expect(text).not.toContain(birthDate.replaceAll('-', ''));
    }
  });
});
