/**
 * The one error handler: an engine's InputError — statistics, endpoints, randomization — is a 400
 * `invalid` whose fields are the engine's paths read from the request location the caller named
 * (`body.x`, `body.adsl.randomizationDate`, `body.factors.planned-mki`); anything unknown is a 500 that
 * says nothing of itself. The routes' own InputErrors are tested through the API in
 * screening-to-randomization.test.ts, rehearsal-and-atomicity.test.ts and randomization-lists.test.ts.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputAt } from '../contracts/index.ts';
import { deriveSubjectEndpoints } from '../endpoints/index.ts';
import { stratumKey } from '../randomization/index.ts';
import { binomialTest, kaplanMeier } from '../stats/index.ts';
import { errorHandler } from './errors.ts';

const PARAMETERS = {
  pfsRules: 'fda-2018',
  confirmMinDays: 28,
  sdMinDays: 42,
  assessmentIntervalDays: 63,
} as const;
const CONFIG = {
  method: 'permuted-blocks',
  arms: [
    { id: 'A', ratio: 1 },
    { id: 'B', ratio: 1 },
  ],
  blockSizes: [2, 4],
  enrollmentTarget: 10,
  factors: [{ id: 'planned-mki', label: 'Planned MKI', levels: ['cabozantinib', 'lenvatinib'] }],
} as const;

describe('the error handler and the engines’ InputError', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    app.setErrorHandler(errorHandler);
    app.post('/binomial', async (request) => {
      const { x, n } = request.body as { x: number; n: number };
      return inputAt('body', () => binomialTest(x, n));
    });
    app.post('/km', async (request) => inputAt('body', () => kaplanMeier(request.body as never)));
    app.post('/endpoints', async (request) =>
      inputAt('body.adsl', () => deriveSubjectEndpoints(request.body as never, PARAMETERS)),
    );
    app.post('/stratum', async (request) =>
      inputAt('body', () => stratumKey(CONFIG as never, (request.body as { factors: never }).factors)),
    );
    app.get('/fault', async () => {
      throw new Error('a secret detail');
    });
    await app.ready();
  });
  afterAll(() => app?.close());

  const post = async (url: string, payload: unknown) => {
    const response = await app.inject({ method: 'POST', url, payload: payload as object });
    return { status: response.statusCode, body: response.json() };
  };

  it('statistics: a bad count is a 400 naming body.x', async () => {
    const { status, body } = await post('/binomial', { x: 11, n: 10 });
    expect(status).toBe(400);
    expect(body.error).toEqual({
      kind: 'invalid',
      message: 'x: expected at most n = 10 successes; got 11',
      fields: [{ path: 'body.x', message: 'expected at most n = 10 successes' }],
    });
    expect(body.requestId).toEqual(expect.any(String));
  });

  it('statistics: a bad value of a column names the column and its 1-based row', async () => {
    const { status, body } = await post('/km', { time: [3, -1, 5], event: [1, 0, 1] });
    expect(status).toBe(400);
    expect(body.error.message).toBe('time, row 2: expected a finite number ≥ 0; got -1');
    expect(body.error.fields).toEqual([
      { path: 'body.time', message: 'row 2: expected a finite number ≥ 0' },
    ]);
  });

  it('endpoints: a subject that cannot be derived names the subject, the field and the value', async () => {
    const subject = { usubjid: 'S-001', randomizationDate: '2026-02-30', responses: [] };
    const { status, body } = await post('/endpoints', subject);
    expect(status).toBe(400);
    expect(body.error.message).toBe(
      'S-001: randomizationDate: expected an ISO YYYY-MM-DD date; got "2026-02-30"',
    );
    expect(body.error.fields).toEqual([
      { path: 'body.adsl.randomizationDate', message: 'expected an ISO YYYY-MM-DD date' },
    ]);
  });

  it('randomization: every bad factor at once, each at its path in the body', async () => {
    const { status, body } = await post('/stratum', { factors: { 'planned-mki': 'sorafenib', site: 'x' } });
    expect(status).toBe(400);
    expect(body.error.kind).toBe('invalid');
    expect(body.error.fields).toEqual([
      { path: 'body.factors.site', message: 'expected a configured factor (planned-mki)' },
      {
        path: 'body.factors.planned-mki',
        message: 'expected a level of "Planned MKI": one of cabozantinib, lenvatinib',
      },
    ]);
    expect(body.error.message).toContain('factors.planned-mki: expected a level of "Planned MKI"');
  });

  it('anything else is a 500 that tells nothing of itself', async () => {
    const response = await app.inject({ method: 'GET', url: '/fault' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toEqual({
      kind: 'internal',
      message: 'internal error; the request changed nothing',
    });
  });
});
