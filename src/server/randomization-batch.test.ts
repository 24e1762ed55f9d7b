/**
 * Randomizations allocated in batches (issue 14, "randomization under contention"): the requests of one
 * batch are checked one by one and allocated together, so one refusal does not touch the others, a
 * subject asked twice gets one allocation, two subjects of one person are not both allocated, every
 * audit event names its own user, and times never run backwards against the list's sequence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROCHESTER,
  startApi,
  TEST_IDENTITY_KEYS,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { eligibleSignedSubject, type Staff } from '../../test/support/eligible-subject.ts';
import { createSubject, type Principal, principalOf, RandomizationQueue } from '../store/index.ts';
import { type RandomizationRequest, randomizeBatch } from '../store/randomization/batch.ts';

const FACTORS = { 'planned-mki': 'lenvatinib' };

describe.each(backends())('randomization batches on $name', (backend) => {
  let api: TestApi;
  let first: Staff;
  let second: Principal;

  beforeAll(async () => {
    api = await startApi(backend);
    for (const name of ['coord-1', 'coord-2'])
      await api.user(name, [{ role: 'coordinator', siteId: ROCHESTER }]);
    await api.user('inv', [{ role: 'investigator', siteId: ROCHESTER }]);
    const statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
    const config = { ...(testProtocol().randomization as object), listLengthPerStratum: 250 };
    const list = await statistician.post('/api/randomization/lists', { config });
    if (list.status !== 201) throw new Error(JSON.stringify(list.body));
    const { rows } = await api.db.query<{ id: string; username: string }>(
      'SELECT id, username FROM app_user',
    );
    const who = async (name: string) =>
      (await principalOf(api.db, rows.find((u) => u.username === name)?.id as string)) as Principal;
    first = { coordinator: await who('coord-1'), investigator: await who('inv') };
    second = await who('coord-2');
  }, 60_000);
  afterAll(() => api?.close());

  const signed = (person?: { mrn: string; birthDate: string }) =>
    eligibleSignedSubject(api.db, testProtocol(), first, api.clock.now(), ROCHESTER, undefined, person);
  const request = (subjectId: string, who: Principal = first.coordinator): RandomizationRequest => ({
    who,
    today: '2026-03-30',
    subjectId,
    factors: FACTORS,
  });

  it('allocates a batch in its order, answers a refusal, a repeat and a second subject of one person apart', async () => {
    const a = await signed();
    const b = await signed();
    const twinOfB = await signed({ mrn: `MRN-${b}`, birthDate: '1958-09-03' });
    // Created, never screened nor signed.
    const unsigned = (
      await api.db.transaction((tx) =>
        createSubject(
          tx,
          first.coordinator,
          api.clock.now(),
          { siteId: ROCHESTER, initials: 'ZZ', birthDate: '1970-01-01', sex: 'female' },
          testProtocol().registry.id,
          TEST_IDENTITY_KEYS,
        ),
      )
    ).id;
    const unsignedStudyId = (
      await api.db.query<{ study_id: string }>('SELECT study_id FROM subject WHERE id = $1', [unsigned])
    ).rows[0]?.study_id;
    const before = await api.db.query<{ seq: number }>('SELECT seq FROM audit_head');
    const outcomes = await api.db.transaction((tx) =>
      randomizeBatch(tx, testProtocol(), api.clock, [
        request(a),
        request(unsigned),
        request(b, second),
        request(a),
        request(twinOfB),
      ]),
    );
    const receipt = (i: number) => (outcomes[i] as { receipt: Record<string, unknown> }).receipt;
    const refusal = (i: number) => (outcomes[i] as { error: { message: string; detail?: unknown } }).error;
    expect(receipt(0)).toMatchObject({ subjectId: a, sequence: 1, existing: false });
    expect(refusal(1).message).toMatch(new RegExp(`cannot randomize ${unsignedStudyId}`));
    expect(receipt(2)).toMatchObject({ subjectId: b, sequence: 2, existing: false });
    expect(receipt(3)).toEqual({ ...receipt(0), existing: true });
    expect(refusal(4).message).toMatch(/same source patient identifier as .*already randomized/);
    // Each event names the user who asked, though one call wrote them all.
    const { rows: events } = await api.db.query<{ action: string; subject_id: string; actor: string }>(
      'SELECT action, subject_id, actor FROM audit_event WHERE seq > $1 ORDER BY seq',
      [before.rows[0]?.seq],
    );
    expect(events.map((e) => [e.action, e.subject_id, e.actor])).toEqual([
      ['randomization.allocate', a, 'coord-1'],
      ['subject.status', a, 'coord-1'],
      ['randomization.allocate', b, 'coord-2'],
      ['subject.status', b, 'coord-2'],
    ]);
    const { rows: left } = await api.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM subject s WHERE id = ANY($1::uuid[]) AND (status = 'randomized' OR EXISTS (SELECT 1 FROM allocation a WHERE a.subject_id = s.id))",
      [[unsigned, twinOfB]],
    );
    expect(left[0]?.n).toBe(0);
    expect((await api.admin.get('/api/audit/verify')).body.ok).toBe(true);
  }, 60_000);

  it('answers each request of a batch as it would answer it alone: unknown, randomized before, twin of an earlier one', async () => {
    const c = await signed();
    const d = await signed();
    const twinOfD = await signed({ mrn: `MRN-${d}`, birthDate: '1958-09-03' });
    const [alone] = await api.db.transaction((tx) =>
      randomizeBatch(tx, testProtocol(), api.clock, [request(d)]),
    );
    const earlier = (alone as { receipt: Record<string, unknown> }).receipt;
    const twinStudyId = (
      await api.db.query<{ study_id: string }>('SELECT study_id FROM subject WHERE id = $1', [twinOfD])
    ).rows[0]?.study_id;
    const outcomes = await api.db.transaction((tx) =>
      randomizeBatch(tx, testProtocol(), api.clock, [
        request('00000000-0000-4000-8000-000000000000'),
        request('not-a-subject'),
        request(d.toUpperCase()),
        request(twinOfD),
        request(c),
        request(d),
      ]),
    );
    const error = (i: number) =>
      (outcomes[i] as { error: { kind: string; message: string; detail: Record<string, unknown> } }).error;
    expect(error(0)).toMatchObject({ kind: 'not_found', message: 'subject not found' });
    expect(error(1)).toMatchObject({ kind: 'not_found', message: 'subject not found' });
    expect(outcomes[2]).toEqual({ receipt: { ...earlier, existing: true } });
    expect(error(3).kind).toBe('refused');
    expect(error(3).detail.preconditions).toEqual([
      {
        code: 'duplicate_randomized',
        message: `${twinStudyId} has the same source patient identifier as ${earlier.studyId}, already randomized: one person is randomized once`,
      },
    ]);
    expect(outcomes[4]).toMatchObject({ receipt: { subjectId: c, existing: false } });
    expect(outcomes[5]).toEqual(outcomes[2]);
  }, 60_000);

  it('never stores a time earlier than the sequence before it, with batches committing concurrently', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await signed());
    // A clock that moves on every reading: a time read before the cursor's lock would come out of order.
    let tick = Date.parse('2026-03-30T15:00:00Z');
    const clock = {
      now: () => {
        tick += 1000;
        return new Date(tick);
      },
    };
    const queue = new RandomizationQueue(api.db, testProtocol(), clock, {
      maxBatch: 3,
      concurrentBatches: 8,
    });
    const receipts = await Promise.all(ids.map((id) => queue.randomize(request(id))));
    expect(new Set(receipts.map((r) => r.sequence)).size).toBe(40);
    const { rows } = await api.db.query<{ sequence: number; randomized_at: Date }>(
      'SELECT sequence, randomized_at FROM allocation WHERE subject_id = ANY($1::uuid[]) ORDER BY sequence',
      [ids],
    );
    const times = rows.map((r) => new Date(r.randomized_at).getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const { rows: audit } = await api.db.query<{ occurred_at: Date }>(
      "SELECT occurred_at FROM audit_event WHERE action = 'randomization.allocate' ORDER BY seq",
    );
    const auditTimes = audit.map((e) => new Date(e.occurred_at).getTime());
    expect(auditTimes).toEqual([...auditTimes].sort((x, y) => x - y));
  }, 120_000);
});
