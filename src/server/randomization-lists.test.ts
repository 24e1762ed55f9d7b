/**
 * The statistician's allocation list through the API: it can be replaced while nobody has been
 * randomized from it (the old one is kept, marked replaced), each list reports how many subjects were
 * allocated from it, and once one has been, replacing it is refused (422) and the list stays in use.
 * A configuration the engine refuses is a 400 naming its fields in the body; an export is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  exampleBundle,
  ROCHESTER,
  startApi,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';

describe.each(backends())('replacing the allocation list on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let investigator: Client;
  let statistician: Client;

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    investigator = await api.user('inv', [{ role: 'investigator', siteId: ROCHESTER }]);
    statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
  }, 60_000);
  afterAll(() => api?.close());

  const lists = async () =>
    (await statistician.get('/api/randomization/lists')).body as {
      id: string;
      active: boolean;
      allocated: number;
    }[];

  it('replaces an unused list, then refuses once a subject was randomized from it', async () => {
    const first = await statistician.post('/api/randomization/lists', {});
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ active: true, allocated: 0 });
    const second = await statistician.post('/api/randomization/lists', {});
    expect(second.status).toBe(201);
    expect(await lists()).toEqual([
      expect.objectContaining({ id: first.body.id, active: false, allocated: 0 }),
      expect.objectContaining({ id: second.body.id, active: true, allocated: 0 }),
    ]);

    const subject = (
      await coordinator.post('/api/subjects', {
        siteId: ROCHESTER,
        initials: 'AL',
        birthDate: '1958-09-03',
        sex: 'male',
      })
    ).body as { id: string };
    const uploaded = await coordinator.post(`/api/subjects/${subject.id}/documents`, {
      fileName: 'eligible.json',
      mediaType: 'application/fhir+json',
      content: exampleBundle('eligible'),
    });
    expect(uploaded.body.episode?.overall).toBe('eligible');
    const signed = await investigator.post(`/api/subjects/${subject.id}/signatures`, {
      password: investigator.password,
      resultSha256: uploaded.body.episode.resultSha256,
      meaning: 'I confirm eligibility',
    });
    expect(signed.status).toBe(201);
    const randomized = await coordinator.post(`/api/subjects/${subject.id}/randomization`, {
      factors: { 'planned-mki': 'lenvatinib' },
    });
    expect(randomized.status).toBe(201);
    expect((await lists()).find((l) => l.id === second.body.id)).toMatchObject({
      active: true,
      allocated: 1,
    });

    const refused = await statistician.post('/api/randomization/lists', {});
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      kind: 'refused',
      message: `the active list ${second.body.id} has allocated 1 subjects: it cannot be replaced`,
    });
    expect((await lists()).map((l) => [l.id, l.active])).toEqual([
      [first.body.id, false],
      [second.body.id, true],
    ]);
    // A rehearsal list is no replacement: it is still made.
    expect((await statistician.post('/api/randomization/lists', { rehearsal: true })).status).toBe(201);
  });

  it('names the fields of a configuration the engine refuses, read from the body', async () => {
    const config = testProtocol().randomization as Record<string, unknown>;
    const badBlocks = await statistician.post('/api/randomization/lists', {
      config: { ...config, blockSizes: [3] },
    });
    expect(badBlocks.status).toBe(400);
    expect(badBlocks.body.error.kind).toBe('invalid');
    expect(badBlocks.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'body.config.blockSizes[0]',
    ]);
    const otherTrial = await statistician.post('/api/randomization/lists', {
      config: { ...config, enrollmentTarget: 100 },
    });
    expect(otherTrial.status).toBe(400);
    expect(otherTrial.body.error.fields).toEqual([
      { path: 'body.config.enrollmentTarget', message: "expected the protocol's enrollment target (122)" },
    ]);
    expect(otherTrial.body.error.message).toBe(
      "randomization vs protocol: enrollmentTarget: expected the protocol's enrollment target (122); got 100",
    );
  });

  it('records every export of a list in the audit trail', async () => {
    const active = (await lists()).find((l) => l.active && !('rehearsal' in l && l.rehearsal));
    const exported = await statistician.get(`/api/randomization/lists/${active?.id}/entries`);
    expect(exported.status).toBe(200);
    const events = await api.db.query<{ entity_id: string; actor: string; changes: unknown }>(
      "SELECT entity_id, actor, changes FROM audit_event WHERE action = 'randomization.export'",
    );
    expect(events.rows).toEqual([
      {
        entity_id: active?.id,
        actor: 'stat',
        changes: { exported: { before: null, after: exported.body.length } },
      },
    ]);
    const unknown = await statistician.get(
      '/api/randomization/lists/00000000-0000-4000-8000-000000000000/entries',
    );
    expect(unknown.status).toBe(404);
  });
});
