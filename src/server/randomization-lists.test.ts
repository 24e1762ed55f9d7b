/**
 * The statistician's allocation list through the API: it can be replaced while nobody has been
 * randomized from it (the old one is kept, marked replaced), each list reports how many subjects were
 * allocated from it, and once one has been, replacing it is refused (422) and the list stays in use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, exampleBundle, ROCHESTER, startApi, type TestApi } from '../../test/support/api.ts';
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
});
