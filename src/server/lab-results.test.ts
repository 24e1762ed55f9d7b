/**
 * A lab result entered in the form (issue 6, "enter facts in a form with units") counts in screening
 * exactly like an uploaded FHIR Observation. Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
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

type Criterion = { id: string; status: string; reason: string };
const criterion = (body: { episode: { result: { criteria: Criterion[] } } }, id: string) =>
  body.episode.result.criteria.find((c) => c.id === id) as Criterion;

describe.each(backends())('entered lab results on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let foreign: Client;

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    foreign = await api.user('coord-az', [{ role: 'coordinator', siteId: ARIZONA }]);
  }, 60_000);
  afterAll(() => api?.close());

  /** A Rochester subject; with the low-platelets patient's FHIR data unless `upload` is false. */
  const newSubject = async (upload = true) => {
    const created = await coordinator.post('/api/subjects', {
      siteId: ROCHESTER,
      ...exampleIdentity('ineligible-low-platelets'),
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    if (!upload) return { id, uploaded: null };
    const uploaded = await coordinator.post(`/api/subjects/${id}/documents`, {
      fileName: 'ineligible-low-platelets.json',
      mediaType: 'application/fhir+json',
      content: exampleBundle('ineligible-low-platelets'),
    });
    expect(uploaded.status).toBe(201);
    return { id, uploaded: uploaded.body };
  };
  const enter = (client: Client, id: string, body: Record<string, unknown>) =>
    client.post(`/api/subjects/${id}/lab-results`, body);
  const platelets = { labId: 'platelets', value: 180, unit: '10*9/L', date: '2026-03-28' };

  it('counts an entered platelet count in I16 like an uploaded Observation', async () => {
    const { id, uploaded } = await newSubject();
    expect(criterion(uploaded, 'I16').status).toBe('not_met');
    expect(uploaded.episode.failing).toContain('I16');

    const entered = await enter(coordinator, id, platelets);
    expect(entered.status).toBe(201);
    expect(entered.body.resourceCount).toBe(1);
    expect(entered.body.created).toBe(true);
    expect(entered.body.episode.number).toBe(uploaded.episode.number + 1);
    expect(criterion(entered.body, 'I16').status).toBe('met');
    expect(criterion(entered.body, 'I16').reason).toContain('180');
    expect(entered.body.episode.failing).not.toContain('I16');

    const audit = await coordinator.get(`/api/subjects/${id}/audit`);
    expect(JSON.stringify(audit.body)).toContain('entered lab: platelets 2026-03-28');
  });

  it('converts a value entered in another UCUM unit to the lab unit', async () => {
    const { id } = await newSubject();
    const entered = await enter(coordinator, id, { ...platelets, value: 180000, unit: '/uL' });
    expect(entered.status).toBe(201);
    expect(criterion(entered.body, 'I16').status).toBe('met');
  });

  it('refuses an unknown lab, an unconvertible unit and a future date, naming the field', async () => {
    const { id } = await newSubject();
    const unknownLab = await enter(coordinator, id, { ...platelets, labId: 'thrombocytes' });
    expect(unknownLab.status).toBe(400);
    expect(unknownLab.body.error.message).toMatch(
      /labId: unknown lab 'thrombocytes'; valid IDs: .*platelets/,
    );
    expect(unknownLab.body.error.fields).toEqual([{ path: 'body.labId', message: expect.any(String) }]);

    const badUnit = await enter(coordinator, id, { ...platelets, unit: 'mg/dL' });
    expect(badUnit.status).toBe(400);
    expect(badUnit.body.error.message).toContain("unit 'mg/dL'");
    expect(badUnit.body.error.message).toContain("'10*9/L'");

    const future = await enter(coordinator, id, { ...platelets, date: '2026-04-02' });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toMatch(/date: 2026-04-02 is in the future/);

    const notADate = await enter(coordinator, id, { ...platelets, date: '28/03/2026' });
    expect(notADate.status).toBe(400);
    const extra = await enter(coordinator, id, { ...platelets, comment: 'x' });
    expect(extra.status).toBe(400);
  });

  it('refuses a subject without FHIR data (422) and hides other sites’ subjects (404)', async () => {
    const { id } = await newSubject(false);
    const refused = await enter(coordinator, id, platelets);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/upload the patient's FHIR data first/);

    const { id: other } = await newSubject();
    expect((await enter(foreign, other, platelets)).status).toBe(404);
  });

  describe('a lab panel: several results of one date in one save', () => {
    const panel = (client: Client, id: string, body: Record<string, unknown>) =>
      client.post(`/api/subjects/${id}/lab-panels`, body);

    it('stores one document of Observations and screens once', async () => {
      const { id, uploaded } = await newSubject();
      const episodesBefore = (await coordinator.get(`/api/subjects/${id}/screenings`)).body.length;
      api.clock.set(new Date(api.clock.now().getTime() + 60_000).toISOString()); // entered after the upload
      const entered = await panel(coordinator, id, {
        date: '2026-03-28',
        results: [
          { labId: 'platelets', value: 180000, unit: '/uL' },
          { labId: 'anc', value: 2.4, unit: '10*9/L' },
          { labId: 'hemoglobin', value: 11.2, unit: 'g/dL' },
        ],
      });
      expect(entered.status).toBe(201);
      expect(entered.body.resourceCount).toBe(3);
      expect(entered.body.episode.number).toBe(uploaded.episode.number + 1);
      expect((await coordinator.get(`/api/subjects/${id}/screenings`)).body.length).toBe(episodesBefore + 1);
      expect(criterion(entered.body, 'I16').status).toBe('met');
      expect(criterion(entered.body, 'I16').reason).toContain('2026-03-28');
      const documents = (await coordinator.get(`/api/subjects/${id}/documents`)).body;
      expect(documents.map((d: { fileName: string }) => d.fileName)).toEqual([
        'ineligible-low-platelets.json',
        'entered labs: platelets, anc, hemoglobin 2026-03-28',
      ]);
    });

    it('refuses the whole panel when one result is wrong, naming the result and field', async () => {
      const { id } = await newSubject();
      const before = (await coordinator.get(`/api/subjects/${id}/documents`)).body.length;
      const badUnit = await panel(coordinator, id, {
        date: '2026-03-28',
        results: [
          { labId: 'platelets', value: 180, unit: '10*9/L' },
          { labId: 'anc', value: 2.4, unit: 'mg/dL' },
        ],
      });
      expect(badUnit.status).toBe(400);
      expect(badUnit.body.error.fields).toEqual([
        { path: 'body.results.1.unit', message: expect.any(String) },
      ]);
      const twice = await panel(coordinator, id, {
        date: '2026-03-28',
        results: [
          { labId: 'platelets', value: 180, unit: '10*9/L' },
          { labId: 'platelets', value: 190, unit: '10*9/L' },
        ],
      });
      expect(twice.status).toBe(400);
      expect(twice.body.error.message).toContain("results.1.labId: 'platelets' is entered twice");
      const future = await panel(coordinator, id, {
        date: '2026-03-31',
        results: [{ labId: 'platelets', value: 180, unit: '10*9/L' }],
      });
      expect(future.status).toBe(400);
      expect(future.body.error.message).toMatch(/date: 2026-03-31 is in the future/);
      expect((await panel(coordinator, id, { date: '2026-03-28', results: [] })).status).toBe(400);
      expect((await coordinator.get(`/api/subjects/${id}/documents`)).body.length).toBe(before);
    });
  });
});
