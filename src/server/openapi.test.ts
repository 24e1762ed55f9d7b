/**
 * /docs documents every answer (issue 13): each route of the OpenAPI document declares the schema of
 * its success answers (from src/contracts) and the one error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type TestApi } from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

describe('the OpenAPI document', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(backends()[0] as ReturnType<typeof backends>[number]);
  }, 60_000);
  afterAll(() => api?.close());

  it('declares a response schema for every route, and the error body', async () => {
    const spec = (await api.anonymous.get('/docs/json')).body as {
      paths: Record<string, Record<string, Operation>>;
    };
    const routes = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(routes.length).toBeGreaterThan(40);
    const schemaOf = (op: Operation, status: string, type = 'application/json') =>
      op.responses?.[status]?.content?.[type]?.schema;
    // A download (iCalendar) documents its answers under its own media type.
    const anySchema = (op: Operation, status: string) =>
      Object.keys(op.responses?.[status]?.content ?? {}).some((type) => schemaOf(op, status, type));
    const undocumented = routes.filter(
      ({ op }) => !Object.keys(op.responses ?? {}).some((s) => /^2\d\d$/.test(s) && anySchema(op, s)),
    );
    expect(undocumented.map((r) => r.route)).toEqual([]);
    const withoutErrors = routes.filter(({ op }) => !anySchema(op, '4XX') && !anySchema(op, '4xx'));
    expect(withoutErrors.map((r) => r.route)).toEqual([]);
  });
});
