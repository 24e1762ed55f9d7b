/**
 * What every answer tells a browser (issue 14, item 8; src/server/security.ts): the API's answers are
 * data, never documents (CSP `default-src 'none'`), not to be framed (X-Frame-Options DENY,
 * `frame-ancestors 'none'`), not sniffed, sent with no referrer, and — every /api answer that carries
 * trial or account data, error answers and 401s included — never stored (`Cache-Control: no-store`);
 * HSTS only behind HTTPS (secureCookies). The web app's index.html gets the app's policy (its own
 * scripts only, no inline script), /docs its own. Each route of the API is called anonymously and as
 * a signed-in user with a body it refuses, so new routes are covered without a line here.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  ROCHESTER,
  startApi,
  TEST_IDENTITY_KEYS,
  TEST_SECRETS,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { type ApiRoute, apiRoutesOf, pathOf } from '../../test/support/routes.ts';
import { buildServer } from './app.ts';

/** The public reads that may be cached (the protocol) or revalidated (sites, accrual). */
const PUBLIC_CACHE: Record<string, string> = {
  'GET /api/protocol': 'public, max-age=300',
  'GET /api/sites': 'no-cache',
  'GET /api/accrual': 'no-cache',
};

/** The directives of a CSP header, by name. */
function directives(header: unknown): Map<string, string[]> {
  expect(typeof header, 'a Content-Security-Policy header').toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

/** The headers every answer carries, whatever it is. */
function expectBrowserHeaders(response: LightMyRequestResponse, what: string, hsts = false): void {
  const h = response.headers;
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['x-frame-options'], what).toBe('DENY');
  expect(h['referrer-policy'], what).toBe('no-referrer');
  expect(directives(h['content-security-policy']).get('frame-ancestors'), what).toEqual(["'none'"]);
  if (hsts) expect(h['strict-transport-security'], what).toBe('max-age=31536000');
  else expect(h['strict-transport-security'], what).toBeUndefined();
}

/** The headers of an API answer: a data policy, and no-store unless it is a public read that succeeded. */
function expectApiHeaders(route: string, response: LightMyRequestResponse, hsts = false): void {
  const what = `${route} → ${response.statusCode}`;
  expectBrowserHeaders(response, what, hsts);
  const csp = directives(response.headers['content-security-policy']);
  expect(csp.get('default-src'), what).toEqual(["'none'"]);
  const cacheable = response.statusCode < 400 ? PUBLIC_CACHE[route] : undefined;
  expect(response.headers['cache-control'], what).toBe(cacheable ?? 'no-store');
}

describe.each(backends())('security headers on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let routes: ApiRoute[];
  let subjectId: string;

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('headers-co', [{ role: 'coordinator', siteId: ROCHESTER }]);
    subjectId = (
      await coordinator.post('/api/subjects', {
        siteId: ROCHESTER,
        initials: 'HD',
        birthDate: '1961-04-05',
        sex: 'female',
      })
    ).body.id;
    routes = apiRoutesOf(api.app);
  }, 60_000);
  afterAll(() => api?.close());

  const send = (route: ApiRoute, headers: Record<string, string>, payload?: string) =>
    api.app.inject({
      method: route.method,
      url: pathOf(route, (name) => (name === 'siteId' ? ROCHESTER : subjectId)),
      headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { payload }),
    });

  it('puts them on every route’s answer to an anonymous caller (401s included)', async () => {
    expect(routes.length).toBeGreaterThan(40);
    const statuses = new Set<number>();
    for (const route of routes) {
      const response = await send(route, {}, route.body ? '{}' : undefined);
      statuses.add(response.statusCode);
      expectApiHeaders(route.name, response);
    }
    expect(statuses).toContain(401);
    expect(statuses).toContain(200);
  });

  it('puts them on every route’s answer to a signed-in user, refusals and errors included', async () => {
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: coordinator.username, password: coordinator.password },
    });
    const cookie = login.cookies[0] as { name: string; value: string };
    const headers = { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': login.json().csrfToken };
    const statuses = new Set<number>();
    for (const route of routes) {
      if (route.name === 'POST /api/auth/logout') continue; // would end the session the others use
      // A body of the wrong shape: 400, 403 or 404 as the route decides; the headers hold for each.
      const response = await send(route, headers, route.body ? '{"unknown": 1}' : undefined);
      statuses.add(response.statusCode);
      expectApiHeaders(route.name, response);
    }
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 400, 403]));
  });

  it('says no-store on trial data read successfully, on a conflict, a bad URL and a route that is not there', async () => {
    const read = await api.app.inject({
      method: 'GET',
      url: `/api/subjects/${subjectId}`,
      headers: await headersOf(coordinator),
    });
    expect(read.statusCode).toBe(200);
    expectApiHeaders('GET /api/subjects/:id', read);
    const stale = await api.app.inject({
      method: 'PATCH',
      url: `/api/subjects/${subjectId}`,
      headers: await headersOf(coordinator),
      payload: { version: 99, initials: 'HE', reason: 'typo' },
    });
    expect(stale.statusCode).toBe(409);
    expectApiHeaders('PATCH /api/subjects/:id', stale);
    const badUrl = await api.app.inject({ method: 'GET', url: '/api/subjects/%E0%A4%A' });
    expect(badUrl.statusCode).toBe(400);
    expectApiHeaders('GET /api/subjects/%E0%A4%A', badUrl);
    const missing = await api.app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expectApiHeaders('GET /api/no-such-route', missing);
    for (const probe of ['/healthz', '/readyz']) {
      const answer = await api.app.inject({ method: 'GET', url: probe });
      expectApiHeaders(`GET ${probe}`, answer);
    }
  });

  it('gives the web app its own policy: its own scripts and styles only, no inline script, no eval', async () => {
    for (const url of ['/', '/subjects/4b7e1a52-6f55-4a8e-9a43-0c8f5ed1c111', '/admin']) {
      const page = await api.app.inject({ method: 'GET', url });
      expectBrowserHeaders(page, url);
      const csp = directives(page.headers['content-security-policy']);
      expect(csp.get('default-src'), url).toEqual(["'self'"]);
      expect(csp.get('script-src'), url).toEqual(["'self'"]);
      expect(csp.get('style-src'), url).toEqual(["'self'"]);
      expect(csp.get('object-src'), url).toEqual(["'none'"]);
      expect(csp.get('base-uri'), url).toEqual(["'none'"]);
      // index.html is a page, not trial data: the browser may keep it (its scripts are hashed names).
      expect(page.headers['cache-control'], url).not.toBe('no-store');
    }
  });

  it('gives /docs a policy of its own (Swagger UI needs inline styles), still without inline script', async () => {
    const docs = await api.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expectBrowserHeaders(docs, '/docs/');
    const csp = directives(docs.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const spec = await api.app.inject({ method: 'GET', url: '/docs/json' });
    expect(directives(spec.headers['content-security-policy']).get('script-src')).toEqual(["'self'"]);
  });

  it('sends HSTS only behind HTTPS (secureCookies), on the API and on the web app alike', async () => {
    let secure: FastifyInstance | undefined;
    try {
      secure = await buildServer({
        db: api.db,
        clock: api.clock,
        protocol: testProtocol(),
        identity: TEST_IDENTITY_KEYS,
        secrets: TEST_SECRETS,
        timeZone: 'America/Chicago',
        secureCookies: true,
      });
      const anonymous = await secure.inject({ method: 'GET', url: '/api/subjects' });
      expect(anonymous.statusCode).toBe(401);
      expectApiHeaders('GET /api/subjects', anonymous, true);
      expectBrowserHeaders(await secure.inject({ method: 'GET', url: '/' }), '/', true);
      expectBrowserHeaders(await secure.inject({ method: 'GET', url: '/docs/' }), '/docs/', true);
    } finally {
      await secure?.close();
    }
  });

  /** A fresh session's cookie and CSRF header for `client` (inject without the Client wrapper, to see headers). */
  async function headersOf(client: Client): Promise<Record<string, string>> {
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: client.username, password: client.password },
    });
    const cookie = login.cookies[0] as { name: string; value: string };
    return { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': login.json().csrfToken };
  }
});
