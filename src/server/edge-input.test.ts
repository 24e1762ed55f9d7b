/**
 * Text and shapes refused at the edge (issue 14, items 3 and 4): NUL, other control characters and lone
 * surrogates in free text and inside uploaded FHIR content, duplicate role assignments, JSON nested
 * deeper than the limit, and randomization configurations beyond the resource limits — each a 400 that
 * names the field, never a 500; text that passes is stored NFC-normalized and trimmed, so the audit
 * chain hashes exactly what it stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARIZONA,
  type Client,
  exampleBundle,
  type Response,
  ROCHESTER,
  startApi,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { verifyAudit } from '../store/index.ts';

const NUL = '\u0000';
const LONE = '\ud800';

/** The field paths a 400 names. */
const paths = (response: Response): string[] =>
  (response.body.error?.fields ?? []).map((f: { path: string }) => f.path);

/** `depth` arrays, one inside the other, as JSON text (a JS value that deep is not needed to send it). */
const nested = (depth: number, inner = '0') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe.each(backends())('text and shapes at the edge on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let statistician: Client;
  let subjectId: string;
  let userId: string;

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
    const created = await coordinator.post('/api/subjects', {
      siteId: ROCHESTER,
      initials: 'AL',
      birthDate: '1958-09-03',
      sex: 'male',
    });
    subjectId = created.body.id;
    const user = await api.admin.post('/api/users', {
      username: 'edge-target',
      displayName: 'Edge target',
      password: 'temporary password',
      roles: [{ role: 'monitor', siteId: ARIZONA }],
    });
    userId = user.body.id;
  }, 60_000);
  afterAll(() => api?.close());

  const expectRefused = (response: Response, path: string) => {
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.kind).toBe('invalid');
    expect(paths(response)).toContain(path);
  };
  const subjectVersion = async () => (await coordinator.get(`/api/subjects/${subjectId}`)).body.version;
  const upload = (body: Record<string, unknown>) =>
    coordinator.post(`/api/subjects/${subjectId}/documents`, {
      fileName: 'eligible.json',
      mediaType: 'application/fhir+json',
      content: exampleBundle('eligible'),
      ...body,
    });
  /** The eligible bundle with its Patient's family name replaced. */
  const bundleWithFamily = (family: string) => {
    const bundle = exampleBundle('eligible') as { entry: { resource: Record<string, unknown> }[] };
    const patient = bundle.entry.findIndex((e) => e.resource.resourceType === 'Patient');
    const resource = bundle.entry[patient]?.resource as { name: { family: string }[] };
    resource.name = [{ ...resource.name[0], family }];
    return { bundle, path: `body.content.entry.${patient}.resource.name.0.family` };
  };

  describe('document uploads', () => {
    it.each([
      ['NUL', NUL],
      ['a lone surrogate', LONE],
    ])('refuses %s in the file name', async (_, bad) => {
      expectRefused(await upload({ fileName: `eligible${bad}.json` }), 'body.fileName');
    });

    it.each([
      ['NUL', NUL],
      ['a lone surrogate', LONE],
      ['a control character', '\u0007'],
    ])('refuses %s anywhere in the content, naming where', async (_, bad) => {
      const { bundle, path } = bundleWithFamily(`Lindqvist${bad}`);
      expectRefused(await upload({ content: bundle }), path);
    });

    it('refuses NUL in a key of the content', async () => {
      const bundle = exampleBundle('eligible') as Record<string, unknown>;
      bundle[`meta${NUL}`] = {};
      const response = await upload({ content: bundle });
      expect(response.status).toBe(400);
      expect(paths(response).some((p) => p.startsWith('body.content'))).toBe(true);
    });

    it.each([
      ['NUL, raw', `{"resourceType":"Patient","id":"p","name":[{"family":"A${NUL}"}]}`],
      ['NUL, escaped', JSON.stringify({ resourceType: 'Patient', id: 'p', name: [{ family: `A${NUL}` }] })],
      ['a lone surrogate, escaped', '{"resourceType":"Patient","id":"p","name":[{"family":"A\\ud800"}]}'],
    ])('refuses %s in NDJSON text, naming the line', async (_, line) => {
      const response = await upload({ mediaType: 'application/fhir+ndjson', content: `\n${line}\n` });
      expectRefused(response, 'body.content');
      expect(response.body.error.message).toMatch(/line 2/);
    });

    it('refuses an NDJSON line nested 10,000 deep', async () => {
      const line = `{"resourceType":"Patient","id":"p","extension":${nested(10_000)}}`;
      const response = await upload({ mediaType: 'application/fhir+ndjson', content: line });
      expectRefused(response, 'body.content');
      expect(response.body.error.message).toMatch(/nested/);
    });

    it('refuses a bundle with more entries than an upload may hold, naming the limit', async () => {
      const { maxResources } = limits().uploads;
      const entries = Array.from({ length: maxResources + 1 }, (_, i) => ({
        resource: { resourceType: 'Observation', id: `o${i}` },
      }));
      const response = await upload({
        content: { resourceType: 'Bundle', type: 'collection', entry: entries },
      });
      expectRefused(response, 'body.content.entry');
      expect(response.body.error.message).toContain(String(maxResources));
    });

    it('still takes the example bundle, and keeps the audit chain intact', async () => {
      expect((await upload({})).status).toBe(201);
      expect((await verifyAudit(api.db)).ok).toBe(true);
    });
  });

  describe('reasons, names and comments', () => {
    it.each([
      ['NUL', NUL],
      ['a lone surrogate', LONE],
    ])('refuses %s in a reason (the audit chain stays verifiable)', async (_, bad) => {
      const response = await coordinator.patch(`/api/subjects/${subjectId}`, {
        version: await subjectVersion(),
        initials: 'AL',
        reason: `typo ${bad} fixed`,
      });
      expectRefused(response, 'body.reason');
      expect((await verifyAudit(api.db)).ok).toBe(true);
    });

    it('stores a reason NFC-normalized and trimmed, and the chain verifies', async () => {
      const response = await coordinator.patch(`/api/subjects/${subjectId}`, {
        version: await subjectVersion(),
        initials: 'AL',
        reason: '  re\u0301vise\u0301 \n',
      });
      expect(response.status).toBe(200);
      const audit = (await coordinator.get(`/api/subjects/${subjectId}/audit`)).body as {
        reason: string | null;
      }[];
      expect(audit.map((e) => e.reason)).toContain('révisé');
      expect((await verifyAudit(api.db)).ok).toBe(true);
    });

    it.each([
      ['NUL', NUL],
      ['a lone surrogate', LONE],
    ])('refuses %s in a document removal reason', async (_, bad) => {
      const { documentId } = (await upload({})).body;
      const response = await coordinator.del(`/api/subjects/${subjectId}/documents/${documentId}`, {
        reason: `wrong file${bad}`,
      });
      expectRefused(response, 'body.reason');
    });

    it.each([
      ['NUL', NUL],
      ['a lone surrogate', LONE],
    ])('refuses %s in a display name (new user and change)', async (_, bad) => {
      expectRefused(
        await api.admin.post('/api/users', {
          username: 'edge-new',
          displayName: `Ann${bad}`,
          password: 'temporary password',
          roles: [{ role: 'monitor', siteId: ARIZONA }],
        }),
        'body.displayName',
      );
      const { version } = (await api.admin.get('/api/users')).body.find(
        (u: { id: string }) => u.id === userId,
      );
      expectRefused(
        await api.admin.patch(`/api/users/${userId}`, { version, displayName: `Ann${bad}`, reason: 'typo' }),
        'body.displayName',
      );
    });

    it('refuses a line break in a display name, and trims one', async () => {
      const { version } = (await api.admin.get('/api/users')).body.find(
        (u: { id: string }) => u.id === userId,
      );
      expectRefused(
        await api.admin.patch(`/api/users/${userId}`, { version, displayName: 'Ann\nBee', reason: 'typo' }),
        'body.displayName',
      );
      const changed = await api.admin.patch(`/api/users/${userId}`, {
        version,
        displayName: '  Ann Bee ',
        reason: 'typo',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.displayName).toBe('Ann Bee');
    });

    it.each([
      ['NUL', NUL],
      ['a lone surrogate', LONE],
    ])('refuses %s in an attestation comment and value', async (_, bad) => {
      expectRefused(
        await coordinator.post(`/api/subjects/${subjectId}/attestations`, {
          answers: [{ linkId: 'I01', value: true, comment: `seen${bad}` }],
        }),
        'body.answers.0.comment',
      );
      expectRefused(
        await coordinator.post(`/api/subjects/${subjectId}/attestations`, {
          answers: [{ linkId: 'planned-mki', value: `lenvatinib${bad}` }],
        }),
        'body.answers.0.value',
      );
    });

    it('refuses NUL in a query parameter and in a path parameter', async () => {
      expectRefused(
        await coordinator.get(`/api/subjects?studyId=NCT${encodeURIComponent(NUL)}`),
        'query.studyId',
      );
      const site = await api.admin.patch(`/api/sites/${encodeURIComponent(`x${NUL}`)}`, {
        recruitingStatus: 'RECRUITING',
        version: 1,
        reason: 'edge',
      });
      expectRefused(site, 'params.siteId');
    });

    it('refuses a lone surrogate in a sign-in username (not a 500)', async () => {
      const response = await api.anonymous.post('/api/auth/login', {
        username: `ad${LONE}min`,
        password: 'x',
      });
      expectRefused(response, 'body.username');
    });
  });

  describe('dates', () => {
    it('refuses the year 0 (PostgreSQL has none: it was a 500) and dates outside 1900–2199', async () => {
      for (const birthDate of ['0000-01-01', '1899-12-31', '2200-01-01'])
        expectRefused(
          await coordinator.post('/api/subjects', {
            siteId: ROCHESTER,
            initials: 'AL',
            birthDate,
            sex: 'male',
          }),
          'body.birthDate',
        );
      expectRefused(
        await coordinator.post(`/api/subjects/${subjectId}/screenings`, { asOf: '0000-02-29' }),
        'body.asOf',
      );
    });
  });

  describe('role assignments', () => {
    it('refuses the same role at the same site twice, naming the duplicate (new user)', async () => {
      const response = await api.admin.post('/api/users', {
        username: 'edge-twice',
        displayName: 'Twice',
        password: 'temporary password',
        roles: [
          { role: 'coordinator', siteId: ROCHESTER },
          { role: 'monitor', siteId: ARIZONA },
          { role: 'coordinator', siteId: ROCHESTER },
        ],
      });
      expectRefused(response, 'body.roles.2');
      expect(response.body.error.message).toContain(ROCHESTER);
    });

    it('refuses the same study-wide role twice (user change)', async () => {
      const { version } = (await api.admin.get('/api/users')).body.find(
        (u: { id: string }) => u.id === userId,
      );
      const response = await api.admin.patch(`/api/users/${userId}`, {
        version,
        roles: [
          { role: 'statistician', siteId: null },
          { role: 'statistician', siteId: null },
        ],
        reason: 'twice',
      });
      expectRefused(response, 'body.roles.1');
    });
  });

  describe('JSON depth and size', () => {
    const raw = (client: Client, method: 'POST' | 'PATCH', url: string, payload: string) =>
      client.request(method, url, payload, { 'content-type': 'application/json' });

    it('refuses JSON nested 10,000 deep in document content', async () => {
      const payload = `{"fileName":"deep.json","mediaType":"application/fhir+json","content":{"entry":${nested(10_000)}}}`;
      const response = await raw(coordinator, 'POST', `/api/subjects/${subjectId}/documents`, payload);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/nested/);
      expect(response.body.error.message).toContain(String(limits().requests.maxJsonDepth));
    });

    it('refuses JSON nested 10,000 deep in a rehearsal configuration and in a reason', async () => {
      for (const [client, method, url, payload] of [
        [statistician, 'POST', '/api/randomization/rehearsal', `{"config":${nested(10_000)},"subjects":[]}`],
        [statistician, 'POST', '/api/randomization/lists', `{"config":${nested(10_000, '{}')}}`],
        [coordinator, 'PATCH', `/api/subjects/${subjectId}`, `{"version":1,"reason":${nested(10_000)}}`],
      ] as const) {
        const response = await raw(client, method, url, payload);
        expect(response.status, `${url}: ${JSON.stringify(response.body)}`).toBe(400);
      }
    });

    it('refuses a body of 1,000,000 nested arrays quickly (before parsing it)', async () => {
      const started = Date.now();
      const response = await raw(statistician, 'POST', '/api/randomization/rehearsal', nested(1_000_000));
      expect(response.status).toBe(400);
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('takes nesting up to the limit, and a "]" inside a string is not nesting', async () => {
      const depth = limits().requests.maxJsonDepth;
      // The body object is level 1 and `subjects` level 2: these arrays reach the limit exactly.
      const within = `{"subjects":${nested(depth - 1, '"[[[["')}}`;
      const response = await raw(statistician, 'POST', '/api/randomization/rehearsal', within);
      expect(response.status).toBe(400); // the engine refuses the subjects, not the edge
      expect(response.body.error.message).not.toMatch(/nested/);
      const over = `{"subjects":${nested(depth, '"]]]]"')}}`;
      expect(
        (await raw(statistician, 'POST', '/api/randomization/rehearsal', over)).body.error.message,
      ).toMatch(/nested/);
    });

    it('still refuses __proto__ keys', async () => {
      const response = await raw(
        statistician,
        'POST',
        '/api/randomization/rehearsal',
        '{"subjects":[],"__proto__":{"polluted":true}}',
      );
      expect(response.status).toBe(400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('randomization resource limits', () => {
    const config = (change: Record<string, unknown>) => ({ ...baseConfig(), ...change });

    it('refuses a block size of 100,000,000 at once, naming the field and the limit; /healthz answers', async () => {
      const started = Date.now();
      const [response, health] = await Promise.all([
        statistician.post('/api/randomization/rehearsal', {
          config: config({ blockSizes: [100_000_000] }),
          subjects: { count: 10 },
        }),
        api.anonymous.get('/healthz'),
      ]);
      expect(Date.now() - started).toBeLessThan(2_000);
      expectRefused(response, 'body.config.blockSizes[0]');
      expect(response.body.error.message).toContain(String(limits().randomization.maxBlockSize));
      expect(health.status).toBe(200);
      expect((await api.anonymous.get('/healthz')).status).toBe(200);
      const list = await statistician.post('/api/randomization/lists', {
        config: config({ blockSizes: [100_000_000] }),
        rehearsal: true,
      });
      expectRefused(list, 'body.config.blockSizes[0]');
    });

    it('refuses more rehearsal subjects than the limit, naming it', async () => {
      const { maxRehearsalSubjects } = limits().randomization;
      const response = await statistician.post('/api/randomization/rehearsal', {
        subjects: { count: maxRehearsalSubjects + 1 },
      });
      expectRefused(response, 'body.subjects.count');
      expect(response.body.error.message).toContain(String(maxRehearsalSubjects));
    });

    it('refuses more levels, factors or strata than the limits', async () => {
      const { maxLevelsPerFactor } = limits().randomization;
      const levels = Array.from({ length: maxLevelsPerFactor + 1 }, (_, i) => `l${i}`);
      const response = await statistician.post('/api/randomization/rehearsal', {
        config: config({ factors: [{ id: 'f', label: 'F', levels }] }),
        subjects: { count: 1 },
      });
      expectRefused(response, 'body.config.factors[0].levels');
    });

    it('rehearses the limit of subjects quickly, and /healthz answers after', async () => {
      const { maxRehearsalSubjects } = limits().randomization;
      const started = Date.now();
      const response = await statistician.post('/api/randomization/rehearsal', {
        config: config({ listLengthPerStratum: maxRehearsalSubjects }),
        subjects: { count: maxRehearsalSubjects },
      });
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await api.anonymous.get('/healthz')).status).toBe(200);
    });

    it('refuses control characters in a configuration label (the list stores it as JSON)', async () => {
      const response = await statistician.post('/api/randomization/lists', {
        config: config({
          arms: [
            { id: 'A', label: `Arm A${NUL}`, ratio: 1 },
            { id: 'B', label: 'Arm B', ratio: 1 },
          ],
        }),
        rehearsal: true,
      });
      expectRefused(response, 'body.config.arms[0].label');
    });
  });

  const limits = () => testProtocol().limits;
  const baseConfig = () => structuredClone(testProtocol().randomization) as Record<string, unknown>;
});
