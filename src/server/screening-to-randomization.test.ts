/**
 * The whole path through the API (issue 5, "Tests"): coordinator creates a subject → uploads FHIR →
 * attests → investigator signs → randomizes; and each refusal on the way. Runs on PGlite and, with
 * TEST_DATABASE_URL, on the PostgreSQL server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARIZONA,
  type Client,
  exampleBundle,
  exampleIdentity,
  ROCHESTER,
  startApi,
  type TestApi,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';

const upload = (client: Client, id: string, name: string) =>
  client.post(`/api/subjects/${id}/documents`, {
    fileName: `${name}.json`,
    mediaType: 'application/fhir+json',
    content: exampleBundle(name),
  });

describe.each(backends())('screening to randomization on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let investigator: Client;
  let foreign: Client;
  let statistician: Client;
  let monitor: Client;

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    investigator = await api.user('inv', [{ role: 'investigator', siteId: ROCHESTER }]);
    foreign = await api.user('coord-az', [{ role: 'coordinator', siteId: ARIZONA }]);
    statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
    monitor = await api.user('mon', [{ role: 'monitor', siteId: ROCHESTER }]);
  }, 60_000);
  afterAll(() => api?.close());

  /** A subject whose identity is the example patient's (uploads of another person are refused). */
  const newSubject = async (example = 'eligible') => {
    const created = await coordinator.post('/api/subjects', {
      siteId: ROCHESTER,
      ...exampleIdentity(example),
    });
    expect(created.status).toBe(201);
    return created.body as { id: string; studyId: string; version: number };
  };

  it('walks an eligible patient from creation to a randomization receipt', async () => {
    const subject = await newSubject();
    expect(subject.studyId).toMatch(/^NCT05168163-\d{2}-001$/);

    const uploaded = await upload(coordinator, subject.id, 'eligible');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.episode).toMatchObject({
      number: 1,
      overall: 'eligible',
      failing: [],
      asOf: '2026-03-30',
    });
    // I13 (tissue for the first 10 per arm at the Mayo sites): nobody randomized yet, so it applies.
    const i13 = uploaded.body.episode.result.criteria.find((c: { id: string }) => c.id === 'I13');
    expect(i13.reason).not.toMatch(/not applicable/);

    const attested = await coordinator.post(`/api/subjects/${subject.id}/attestations`, {
      answers: [{ linkId: 'I01', value: true }],
    });
    expect(attested.status).toBe(200);
    expect(attested.body.episode.number).toBe(2);

    const before = await coordinator.get(`/api/subjects/${subject.id}/screening`);
    expect(before.body.eligibility.blockers).toEqual([
      { code: 'not_signed', message: 'the current screening result is not signed by an investigator' },
      { code: 'no_list', message: 'no randomization list: the statistician has not created one' },
    ]);
    const refused = await coordinator.post(`/api/subjects/${subject.id}/randomization`, {
      factors: { 'planned-mki': 'lenvatinib' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.preconditions).toEqual(before.body.eligibility.blockers);

    const hash = before.body.episode.resultSha256;
    const meaning = 'I confirm eligibility';
    expect(
      (
        await coordinator.post(`/api/subjects/${subject.id}/signatures`, {
          password: coordinator.password,
          resultSha256: hash,
          meaning,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await investigator.post(`/api/subjects/${subject.id}/signatures`, {
          password: 'wrong password!',
          resultSha256: hash,
          meaning,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await investigator.post(`/api/subjects/${subject.id}/signatures`, {
          password: investigator.password,
          resultSha256: hash,
          meaning: 'ok',
        })
      ).status,
    ).toBe(400);
    const signed = await investigator.post(`/api/subjects/${subject.id}/signatures`, {
      password: investigator.password,
      resultSha256: hash,
      meaning,
    });
    expect(signed.status).toBe(201);
    expect(signed.body).toMatchObject({ signerName: 'Test inv', meaning, resultSha256: hash });

    const list = await statistician.post('/api/randomization/lists', {});
    expect(list.status).toBe(201);
    expect(list.body.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(list.body.strata.map((s: { stratum: string }) => s.stratum)).toEqual([
      'planned-mki=cabozantinib',
      'planned-mki=lenvatinib',
    ]);

    const wrongStratum = await coordinator.post(`/api/subjects/${subject.id}/randomization`, {
      factors: { 'planned-mki': 'cabozantinib' },
    });
    expect(wrongStratum.status).toBe(422);
    expect(wrongStratum.body.error.message).toContain('differs from the screening answer lenvatinib');
    const badFactor = await coordinator.post(`/api/subjects/${subject.id}/randomization`, {
      factors: { 'planned-mki': 'sorafenib' },
    });
    expect(badFactor.status).toBe(400);
    expect(badFactor.body.error.fields).toEqual([
      {
        path: 'body.factors.planned-mki',
        message: 'expected a level of "Planned multi-kinase inhibitor": one of cabozantinib, lenvatinib',
      },
    ]);

    const receipt = await coordinator.post(`/api/subjects/${subject.id}/randomization`, {
      factors: { 'planned-mki': 'lenvatinib' },
    });
    expect(receipt.status).toBe(201);
    expect(receipt.body).toMatchObject({
      studyId: subject.studyId,
      stratum: 'planned-mki=lenvatinib',
      sequence: 1,
      existing: false,
      randomizedBy: 'Test coord',
    });
    expect(['A', 'B']).toContain(receipt.body.arm);

    const exported = await statistician.get(`/api/randomization/lists/${list.body.id}/entries`);
    const first = exported.body.find(
      (e: { stratum: string; sequence: number }) =>
        e.stratum === 'planned-mki=lenvatinib' && e.sequence === 1,
    );
    expect(first).toMatchObject({ arm: receipt.body.arm, studyId: subject.studyId });

    const again = await investigator.post(`/api/subjects/${subject.id}/randomization`, {
      factors: { 'planned-mki': 'lenvatinib' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ arm: receipt.body.arm, sequence: 1, existing: true });

    const after = await coordinator.get(`/api/subjects/${subject.id}`);
    expect(after.body).toMatchObject({ status: 'randomized', allocation: { arm: receipt.body.arm } });
    expect((await upload(coordinator, subject.id, 'eligible')).status).toBe(422);

    const history = await monitor.get(`/api/subjects/${subject.id}/audit`);
    expect(history.status).toBe(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'subject.create',
        'document.upload',
        'screening.run',
        'attestation.record',
        'signature.sign',
        'randomization.allocate',
      ]),
    );
    const verified = await monitor.get('/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('hides other sites: 404 for their subjects, absent from lists and the screening log', async () => {
    const subject = await newSubject();
    expect((await foreign.get(`/api/subjects/${subject.id}`)).status).toBe(404);
    expect((await foreign.get('/api/subjects/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(
      (
        await foreign.post(`/api/subjects/${subject.id}/randomization`, {
          factors: { 'planned-mki': 'lenvatinib' },
        })
      ).status,
    ).toBe(404);
    expect((await foreign.get(`/api/subjects?studyId=${subject.studyId}`)).body).toEqual([]);
    expect((await foreign.get('/api/screening-log')).body.consort.assessed).toBe(0);
    expect((await monitor.get(`/api/subjects/${subject.id}`)).status).toBe(200);
    expect(
      (
        await monitor.post(`/api/subjects/${subject.id}/attestations`, {
          answers: [{ linkId: 'I01', value: true }],
        })
      ).status,
    ).toBe(403);
  });

  it('records a screen failure with the failing criteria, and refuses to sign it', async () => {
    const subject = await newSubject('ineligible-child-pugh-b');
    const uploaded = await upload(coordinator, subject.id, 'ineligible-child-pugh-b');
    expect(uploaded.body.episode.overall).toBe('ineligible');
    expect(uploaded.body.episode.failing).toContain('I07');
    const sign = await investigator.post(`/api/subjects/${subject.id}/signatures`, {
      password: investigator.password,
      resultSha256: uploaded.body.episode.resultSha256,
      meaning: 'I confirm eligibility',
    });
    expect(sign.status).toBe(422);
    const log = await coordinator.get('/api/screening-log');
    const entry = log.body.entries.find((e: { id: string }) => e.id === subject.id);
    expect(entry).toMatchObject({ status: 'screen_failed', overall: 'ineligible' });
    expect(log.body.consort.excluded.byCriterion.I07).toBeGreaterThanOrEqual(1);
    const c = log.body.consort;
    expect(c.inScreening + c.eligibleNotRandomized + c.excluded.total + c.randomized).toBe(c.assessed);
  });

  it('invalidates a signature when the data change, and refuses a signature on a stale view', async () => {
    const subject = await newSubject();
    const first = await upload(coordinator, subject.id, 'eligible');
    const signed = await investigator.post(`/api/subjects/${subject.id}/signatures`, {
      password: investigator.password,
      resultSha256: first.body.episode.resultSha256,
      meaning: 'I confirm eligibility',
    });
    expect(signed.status).toBe(201);
    const changed = await coordinator.post(`/api/subjects/${subject.id}/attestations`, {
      answers: [{ linkId: 'I01', value: true }],
    });
    expect(changed.body.episode.number).toBe(2);
    expect(changed.body.episode.resultSha256).not.toBe(first.body.episode.resultSha256);
    const state = await coordinator.get(`/api/subjects/${subject.id}/screening`);
    expect(state.body.eligibility.signature).toBeNull();
    const stale = await investigator.post(`/api/subjects/${subject.id}/signatures`, {
      password: investigator.password,
      resultSha256: first.body.episode.resultSha256,
      meaning: 'I confirm eligibility',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.currentResultSha256).toBe(state.body.episode.resultSha256);
    const noReason = await coordinator.post(`/api/subjects/${subject.id}/attestations`, {
      answers: [{ linkId: 'I01', value: false }],
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('reason');
  });

  it("keeps an answer's comment: listed with the answer in force and audited with it", async () => {
    const subject = await newSubject();
    await upload(coordinator, subject.id, 'eligible');
    const comment = 'confirmed by phone with the patient on 2026-03-29';
    const first = await coordinator.post(`/api/subjects/${subject.id}/attestations`, {
      answers: [{ linkId: 'I01', value: true, comment }],
    });
    expect(first.status).toBe(200);
    const answers = await monitor.get(`/api/subjects/${subject.id}/answers`);
    expect(answers.body).toEqual([
      {
        linkId: 'I01',
        value: { kind: 'boolean', value: true },
        comment,
        answeredAt: expect.any(String),
        answeredBy: 'Test coord',
      },
    ]);
    const changed = await coordinator.post(`/api/subjects/${subject.id}/attestations`, {
      answers: [{ linkId: 'I01', value: false }],
      reason: 'patient moved away',
    });
    expect(changed.status).toBe(200);
    const events = (await monitor.get(`/api/subjects/${subject.id}/audit`)).body.filter(
      (e: { action: string }) => e.action === 'attestation.record',
    );
    expect(events.map((e: { changes: unknown }) => e.changes)).toEqual([
      {
        I01: { before: null, after: { kind: 'boolean', value: true } },
        comment: { before: null, after: comment },
      },
      {
        I01: { before: { kind: 'boolean', value: true }, after: { kind: 'boolean', value: false } },
        comment: { before: comment, after: null },
      },
    ]);
    expect((await monitor.get(`/api/subjects/${subject.id}/answers`)).body[0]).toMatchObject({
      value: { kind: 'boolean', value: false },
      comment: null,
    });
  });

  it('refuses a result as of another day until re-screened as of today', async () => {
    const subject = await newSubject();
    await upload(coordinator, subject.id, 'eligible');
    const future = await coordinator.post(`/api/subjects/${subject.id}/screenings`, { asOf: '2026-04-02' });
    expect(future.body.episode.asOf).toBe('2026-04-02');
    const state = await coordinator.get(`/api/subjects/${subject.id}/screening`);
    expect(state.body.eligibility.blockers).toContainEqual({
      code: 'not_today',
      message: expect.stringContaining('not today (2026-03-30)'),
    });
  });

  it('answers bad input with field paths, CSRF and version errors', async () => {
    const unknownField = await coordinator.post('/api/subjects', {
      siteId: ROCHESTER,
      initials: 'AB',
      birthDate: '1950-01-01',
      sex: 'male',
      mrn: '123',
    });
    expect(unknownField.status).toBe(400);
    const badDate = await coordinator.post('/api/subjects', {
      siteId: ROCHESTER,
      initials: 'AB',
      birthDate: '1950-02-30',
      sex: 'male',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.fields[0].path).toBe('body.birthDate');
    const badLink = await coordinator.post('/api/subjects', {
      siteId: ROCHESTER,
      initials: 'AB',
      birthDate: '1950-01-01',
      sex: 'male',
    });
    const attest = await coordinator.post(`/api/subjects/${badLink.body.id}/attestations`, {
      answers: [{ linkId: 'ascites', value: 'lots' }],
    });
    expect(attest.status).toBe(400);
    expect(attest.body.error.message).toContain('expected one of none, mild, moderate-severe');
    const noCsrf = await coordinator.request(
      'POST',
      '/api/subjects',
      { siteId: ROCHESTER, initials: 'AB', birthDate: '1950-01-01', sex: 'male' },
      { 'x-csrf-token': 'forged' },
    );
    expect(noCsrf.status).toBe(403);
    const patch1 = await coordinator.patch(`/api/subjects/${badLink.body.id}`, {
      version: badLink.body.version,
      initials: 'AC',
      reason: 'typo',
    });
    expect(patch1.status).toBe(200);
    const patch2 = await coordinator.patch(`/api/subjects/${badLink.body.id}`, {
      version: badLink.body.version,
      initials: 'AD',
      reason: 'typo',
    });
    expect(patch2.status).toBe(409);
    expect(patch2.body.error.currentVersion).toBe(patch1.body.version);
    const notJson = await coordinator.post(`/api/subjects/${badLink.body.id}/documents`, {
      fileName: 'x.ndjson',
      mediaType: 'application/fhir+ndjson',
      content: '{"resourceType":"Patient"}\nnot json',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toContain(
      'x.ndjson:2: content: expected a JSON resource on each line',
    );
    expect(notJson.body.error.fields).toEqual([{ path: 'body.content', message: expect.any(String) }]);
    expect((await api.anonymous.get('/api/subjects')).status).toBe(401);
  });
});
