/**
 * One subject is one person (issue 12): every upload's patient is compared with the subject's identity
 * (the first upload as much as later ones), a mismatch is refused with both values unless a person
 * confirms it with a reason; the same person (source identifier) is never randomized twice; same
 * initials, birth date and sex warn. Runs on PGlite and, with TEST_DATABASE_URL, on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARIZONA,
  type Client,
  exampleBundle,
  exampleIdentity,
  ROCHESTER,
  startApi,
  TEST_IDENTITY_KEYS,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { eligibleBundleOf } from '../../test/support/eligible-subject.ts';
import { IdentityKeys } from '../store/index.ts';
import { bootstrap } from './bootstrap.ts';

const ELIGIBLE = exampleIdentity('eligible');

describe.each(backends())('identity and duplicates on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let investigator: Client;
  let foreign: Client;
  let foreignInvestigator: Client;
  let statistician: Client;

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    investigator = await api.user('inv', [{ role: 'investigator', siteId: ROCHESTER }]);
    foreign = await api.user('coord-az', [{ role: 'coordinator', siteId: ARIZONA }]);
    foreignInvestigator = await api.user('inv-az', [{ role: 'investigator', siteId: ARIZONA }]);
    statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
    expect((await statistician.post('/api/randomization/lists', {})).status).toBe(201);
  }, 60_000);
  afterAll(() => api?.close());

  const create = async (client: Client, body: Record<string, unknown>) => {
    const created = await client.post('/api/subjects', body);
    expect(created.status).toBe(201);
    return created.body as {
      id: string;
      studyId: string;
      version: number;
      possibleDuplicates: { studyId: string | null; basis: string[]; sameSite: boolean; status: string }[];
    };
  };
  const upload = (client: Client, id: string, content: unknown, extra: Record<string, unknown> = {}) =>
    client.post(`/api/subjects/${id}/documents`, {
      fileName: 'record.json',
      mediaType: 'application/fhir+json',
      content,
      ...extra,
    });
  const count = async (sql: string, params: unknown[]) =>
    ((await api.db.query<{ n: number }>(sql, params)).rows[0] as { n: number }).n;
  /** Uploaded, answered, signed: ready to randomize. */
  const readySubject = async (
    client: Client,
    signer: Client,
    siteId: string,
    bundle: unknown,
  ): Promise<{ id: string; studyId: string }> => {
    const subject = await create(client, { siteId, ...ELIGIBLE });
    const uploaded = await upload(client, subject.id, bundle);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.episode.overall).toBe('eligible');
    const signed = await signer.post(`/api/subjects/${subject.id}/signatures`, {
      password: signer.password,
      resultSha256: uploaded.body.episode.resultSha256,
      meaning: 'I confirm eligibility',
    });
    expect(signed.status).toBe(201);
    return subject;
  };
  const randomize = (client: Client, id: string) =>
    client.post(`/api/subjects/${id}/randomization`, { factors: { 'planned-mki': 'lenvatinib' } });

  it("refuses another person's record as the first upload, naming both values, and stores nothing", async () => {
    const subject = await create(coordinator, {
      siteId: ROCHESTER,
      initials: 'CO',
      birthDate: '1961-02-17',
      sex: 'male',
    });
    const auditBefore = await count('SELECT count(*)::int AS n FROM audit_event', []);
    const refused = await upload(coordinator, subject.id, exampleBundle('eligible'));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('identity_mismatch');
    expect(refused.body.error.mismatches).toEqual([
      { field: 'birthDate', subject: '1961-02-17', document: '1958-09-03' },
      { field: 'initials', subject: 'CO', document: 'AL' },
    ]);
    expect(refused.body.error.message).toContain('birth date 1961-02-17 (subject) vs 1958-09-03 (file)');
    expect(
      await count('SELECT count(*)::int AS n FROM subject_document WHERE subject_id = $1', [subject.id]),
    ).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM audit_event', [])).toBe(auditBefore);
    expect((await coordinator.get(`/api/subjects/${subject.id}/screening`)).body.episode).toBeNull();
  });

  it('accepts a mismatch a person confirms with a reason, and audits both the difference and the reason', async () => {
    const subject = await create(coordinator, { siteId: ROCHESTER, ...ELIGIBLE, birthDate: '1958-03-09' });
    const reason = 'birth date transposed on the screening log; the hospital record is right';
    const confirmed = await upload(coordinator, subject.id, eligibleBundleOf('MRN-confirmed'), {
      identityMismatchReason: reason,
    });
    expect(confirmed.status).toBe(201);
    const documents = await coordinator.get(`/api/subjects/${subject.id}/documents`);
    expect(documents.body).toEqual([
      expect.objectContaining({ fileName: 'record.json', identityConfirmation: reason, removedAt: null }),
    ]);
    const audit = await coordinator.get(`/api/subjects/${subject.id}/audit`);
    const event = audit.body.find((e: { action: string }) => e.action === 'document.upload');
    expect(event.changes.identityMismatch.after).toBe('birth date 1958-03-09 (subject) vs 1958-09-03 (file)');
    expect(event.changes.identityMismatchReason.after).toBe(reason);

    // A later upload is checked like the first: the confirmation covers only the file it was given for.
    const again = await upload(coordinator, subject.id, eligibleBundleOf('MRN-confirmed'));
    expect(again.status).toBe(422);
    // Correcting the subject to the record's birth date makes later uploads agree.
    const corrected = await coordinator.patch(`/api/subjects/${subject.id}`, {
      version: (await coordinator.get(`/api/subjects/${subject.id}`)).body.version,
      birthDate: '1958-09-03',
      reason: 'birth date corrected from the hospital record',
    });
    expect(corrected.status).toBe(200);
    expect((await upload(coordinator, subject.id, eligibleBundleOf('MRN-confirmed'))).status).toBe(201);
  });

  it('refuses an identity correction that contradicts the uploaded records unless confirmed', async () => {
    const subject = await create(coordinator, { siteId: ROCHESTER, ...ELIGIBLE });
    expect((await upload(coordinator, subject.id, eligibleBundleOf('MRN-correction'))).status).toBe(201);
    const version = (await coordinator.get(`/api/subjects/${subject.id}`)).body.version;
    const refused = await coordinator.patch(`/api/subjects/${subject.id}`, {
      version,
      sex: 'female',
      reason: 'typo',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.mismatches).toEqual([{ field: 'sex', subject: 'female', document: 'male' }]);
    const confirmed = await coordinator.patch(`/api/subjects/${subject.id}`, {
      version,
      sex: 'female',
      reason: 'sex recorded at registration',
      identityMismatchReason: 'the hospital record predates the patient’s change of registered sex',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.sex).toBe('female');
  });

  it('contradicts nothing the file does not state: no name, gender unknown, a partial birth date that agrees', async () => {
    const subject = await create(coordinator, { siteId: ROCHESTER, ...ELIGIBLE });
    const bundle = eligibleBundleOf('MRN-sparse') as { entry: { resource: Record<string, unknown> }[] };
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')?.resource as Record<
      string,
      unknown
    >;
    delete patient.name;
    patient.gender = 'unknown';
    patient.birthDate = '1958-09';
    expect((await upload(coordinator, subject.id, bundle)).status).toBe(201);
    patient.birthDate = '1958-10';
    const refused = await upload(coordinator, subject.id, bundle);
    expect(refused.status).toBe(422);
    expect(refused.body.error.mismatches).toEqual([
      { field: 'birthDate', subject: '1958-09-03', document: '1958-10' },
    ]);
  });

  it('warns of the same initials, birth date and sex before and after creating, at any site', async () => {
    const facts = { initials: 'DW', birthDate: '1950-05-05', sex: 'female' };
    const first = await create(coordinator, { siteId: ROCHESTER, ...facts });
    expect(first.possibleDuplicates).toEqual([]);
    const check = await coordinator.post('/api/subjects/duplicate-check', { siteId: ROCHESTER, ...facts });
    expect(check.status).toBe(200);
    expect(check.body.possibleDuplicates).toEqual([
      {
        subjectId: first.id,
        studyId: first.studyId,
        siteId: ROCHESTER,
        sameSite: true,
        status: 'screening',
        basis: ['demographics'],
      },
    ]);
    const before = await count('SELECT count(*)::int AS n FROM subject', []);
    expect(
      (await coordinator.post('/api/subjects/duplicate-check', { siteId: ROCHESTER, ...facts })).status,
    ).toBe(200);
    expect(await count('SELECT count(*)::int AS n FROM subject', [])).toBe(before);
    // At another site the match is reported without the other site's study ID.
    const elsewhere = await create(foreign, { siteId: ARIZONA, ...facts });
    expect(elsewhere.possibleDuplicates).toEqual([
      {
        subjectId: null,
        studyId: null,
        siteId: null,
        sameSite: false,
        status: 'screening',
        basis: ['demographics'],
      },
    ]);
    // Another birth date is another person.
    expect(
      (await create(coordinator, { siteId: ROCHESTER, ...facts, birthDate: '1950-05-06' }))
        .possibleDuplicates,
    ).toEqual([]);
  });

  it('never randomizes one person twice: the same source identifier at the same site or another', async () => {
    const bundle = eligibleBundleOf('MRN-twice');
    const first = await readySubject(coordinator, investigator, ROCHESTER, bundle);
    const second = await create(coordinator, { siteId: ROCHESTER, ...ELIGIBLE });
    const uploaded = await upload(coordinator, second.id, bundle);
    expect(uploaded.status).toBe(201);
    // The same MRN, and (as every subject of this file) the same initials, birth date and sex.
    expect(
      uploaded.body.possibleDuplicates.find((d: { studyId: string }) => d.studyId === first.studyId),
    ).toMatchObject({ basis: ['identifier', 'demographics'], sameSite: true, status: 'eligible' });
    await investigator.post(`/api/subjects/${second.id}/signatures`, {
      password: investigator.password,
      resultSha256: uploaded.body.episode.resultSha256,
      meaning: 'I confirm eligibility',
    });
    // Before either is randomized, both may be; once one is, the other is refused.
    expect((await coordinator.get(`/api/subjects/${second.id}`)).body.eligibility.blockers).toEqual([]);
    expect((await randomize(coordinator, first.id)).status).toBe(201);
    const state = await coordinator.get(`/api/subjects/${second.id}`);
    const blocker = {
      code: 'duplicate_randomized',
      message: `${second.studyId} has the same source patient identifier as ${first.studyId}, already randomized: one person is randomized once`,
    };
    expect(state.body.eligibility.blockers).toEqual([blocker]);
    const refused = await randomize(coordinator, second.id);
    expect(refused.status).toBe(422);
    expect(refused.body.error.preconditions).toEqual([blocker]);
    expect(refused.body.error.message).toContain(first.studyId);
    expect(refused.body.error.message).toContain(second.studyId);

    // At another site the refusal does not name the other site's study ID.
    const third = await readySubject(foreign, foreignInvestigator, ARIZONA, bundle);
    const elsewhere = await randomize(foreign, third.id);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.preconditions[0].message).toBe(
      `${third.studyId} has the same source patient identifier as a subject at another site, already randomized: one person is randomized once`,
    );
    expect(JSON.stringify(elsewhere.body)).not.toContain(first.studyId);
  });

  it('lifts the refusal when the record that carried the identifier is removed with a reason', async () => {
    const bundle = eligibleBundleOf('MRN-removed');
    const first = await readySubject(coordinator, investigator, ROCHESTER, bundle);
    expect((await randomize(coordinator, first.id)).status).toBe(201);
    const second = await create(coordinator, { siteId: ROCHESTER, ...ELIGIBLE });
    const wrong = await upload(coordinator, second.id, bundle);
    const right = await upload(coordinator, second.id, eligibleBundleOf('MRN-the-right-one'), {});
    expect(right.status).toBe(201);
    const removed = await coordinator.del(`/api/subjects/${second.id}/documents/${wrong.body.documentId}`, {
      reason: "uploaded the previous patient's record by mistake",
    });
    expect(removed.status).toBe(200);
    const signed = await investigator.post(`/api/subjects/${second.id}/signatures`, {
      password: investigator.password,
      resultSha256: removed.body.episode.resultSha256,
      meaning: 'I confirm eligibility',
    });
    expect(signed.status).toBe(201);
    expect((await randomize(coordinator, second.id)).status).toBe(201);
  });

  it('randomizes only one of two subjects of one person asked at the same moment', async () => {
    const bundle = eligibleBundleOf('MRN-race');
    const a = await readySubject(coordinator, investigator, ROCHESTER, bundle);
    const b = await readySubject(coordinator, investigator, ROCHESTER, bundle);
    const answers = await Promise.all([randomize(coordinator, a.id), randomize(coordinator, b.id)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM subject WHERE id = ANY($1::uuid[]) AND status = 'randomized'",
        [[a.id, b.id]],
      ),
    ).toBe(1);
  });

  it('lists at most 20 possible duplicates, the same person (source identifier) first', async () => {
    const facts = { initials: 'MZ', birthDate: '1944-04-04', sex: 'female' };
    const twin = await create(coordinator, { siteId: ROCHESTER, ...facts });
    const bundle = eligibleBundleOf('MRN-many') as { entry: { resource: Record<string, unknown> }[] };
    const patient = bundle.entry.find((e) => e.resource.resourceType === 'Patient')?.resource as Record<
      string,
      unknown
    >;
    Object.assign(patient, {
      name: [{ given: ['Maja'], family: 'Zorn' }],
      birthDate: facts.birthDate,
      gender: 'female',
    });
    expect((await upload(coordinator, twin.id, bundle)).status).toBe(201);
    for (let i = 0; i < 21; i++) await create(coordinator, { siteId: ROCHESTER, ...facts });
    const last = await create(coordinator, { siteId: ROCHESTER, ...facts });
    expect(last.possibleDuplicates).toHaveLength(20);
    const uploaded = await upload(coordinator, last.id, bundle);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.possibleDuplicates).toHaveLength(20);
    expect(uploaded.body.possibleDuplicates[0]).toMatchObject({
      studyId: twin.studyId,
      basis: ['identifier', 'demographics'],
    });
  });

  it('stores keyed hashes only: no identifier value, no key', async () => {
    const subject = await create(coordinator, { siteId: ROCHESTER, ...ELIGIBLE });
    expect((await upload(coordinator, subject.id, eligibleBundleOf('MRN-secret-4711'))).status).toBe(201);
    const { rows } = await api.db.query<{ key_hash: string }>(
      'SELECT key_hash FROM subject_identifier_key WHERE subject_id = $1',
      [subject.id],
    );
    expect(rows).toEqual([{ key_hash: TEST_IDENTITY_KEYS.identifier('urn:example:mrn', 'MRN-secret-4711') }]);
    const stored = JSON.stringify(
      (
        await api.db.query(
          'SELECT s.demographics_key, k.key_hash, f.fingerprint FROM subject s, subject_identifier_key k, identity_key_fingerprint f WHERE s.id = $1 AND k.subject_id = s.id',
          [subject.id],
        )
      ).rows,
    );
    expect(stored).not.toContain('4711');
    expect(stored).not.toContain(Buffer.alloc(32, 0x5a).toString('hex'));
    expect(stored).not.toContain(Buffer.alloc(32, 0x5a).toString('base64'));
  });

  it('hashes, at start-up, identities stored before duplicate detection existed', async () => {
    const subject = await create(coordinator, { siteId: ROCHESTER, ...ELIGIBLE });
    expect((await upload(coordinator, subject.id, eligibleBundleOf('MRN-legacy'))).status).toBe(201);
    const hashes = async () =>
      (
        await api.db.query(
          'SELECT s.demographics_key, k.key_hash FROM subject s LEFT JOIN subject_identifier_key k ON k.subject_id = s.id WHERE s.id = $1',
          [subject.id],
        )
      ).rows;
    const expected = await hashes();
    // As a store of the version before: nothing hashed.
    await api.db.query('DELETE FROM subject_identifier_key WHERE subject_id = $1', [subject.id]);
    await api.db.query('UPDATE subject SET demographics_key = NULL WHERE id = $1', [subject.id]);
    await api.db.query('UPDATE subject_document SET identifiers_hashed = false WHERE subject_id = $1', [
      subject.id,
    ]);
    expect(await hashes()).toEqual([{ demographics_key: null, key_hash: null }]);
    await bootstrap(api.db, testProtocol(), api.clock.now(), undefined, TEST_IDENTITY_KEYS);
    expect(await hashes()).toEqual(expected);
    await expect(
      bootstrap(api.db, testProtocol(), api.clock.now(), undefined, new IdentityKeys(Buffer.alloc(32, 1))),
    ).rejects.toThrow(/not the one this database's duplicate checks were made with/);
  });
});
