/**
 * What a client controls at the edge of a request and must not decide (issue 14, item 9):
 *
 * - **x-request-id.** The request ID of the audit trail (and of error bodies) is the server's own;
 *   a client that sends `x-request-id` (or Fastify's old default, `request-id`) cannot plant it in an
 *   audit event — it would let a client forge the link between an event and a request in the logs.
 * - **URLs that do not decode** (`%E0%A4%A`) are answered in the API's one error shape, with the
 *   security headers, and without repeating the URL (Fastify's own answer echoes it).
 * - **A request Node's HTTP parser refuses** (a malformed request line, headers too large) gets the
 *   same JSON shape on the raw socket, not Node's bare `400 Bad Request`.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, ROCHESTER, startApi, type TestApi } from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLIENT_ID = 'client-chosen-request-id';

/** Sends `text` on a raw TCP connection to `port`; resolves with everything the server wrote before closing. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => {
      socket.destroy();
      reject(new Error(`no answer to ${JSON.stringify(text.slice(0, 60))}`));
    });
  });
}

/** An HTTP answer as text → its status, headers (lower-case names) and JSON body. */
function parseAnswer(text: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

describe.each(backends())('the edge of a request on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let subjectId: string;

  beforeAll(async () => {
    api = await startApi(backend);
    coordinator = await api.user('edge-co', [{ role: 'coordinator', siteId: ROCHESTER }]);
    subjectId = (
      await coordinator.post('/api/subjects', {
        siteId: ROCHESTER,
        initials: 'RQ',
        birthDate: '1955-02-14',
        sex: 'male',
      })
    ).body.id;
  }, 60_000);
  afterAll(() => api?.close());

  describe('x-request-id', () => {
    it('never becomes the request ID of an audit event', async () => {
      const headers = { 'x-request-id': CLIENT_ID, 'request-id': CLIENT_ID };
      const read = await coordinator.get(`/api/subjects/${subjectId}`);
      const login = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: coordinator.username, password: coordinator.password },
      });
      const cookie = login.cookies[0] as { name: string; value: string };
      const changed = await api.app.inject({
        method: 'PATCH',
        url: `/api/subjects/${subjectId}`,
        headers: {
          ...headers,
          cookie: `${cookie.name}=${cookie.value}`,
          'x-csrf-token': login.json().csrfToken,
        },
        payload: { version: read.body.version, initials: 'RS', reason: 'typo in the initials' },
      });
      expect(changed.statusCode).toBe(200);
      const serverId = changed.headers['x-request-id'];
      expect(serverId).toMatch(UUID);
      expect(serverId).not.toBe(CLIENT_ID);

      const audit = await coordinator.get(`/api/subjects/${subjectId}/audit`);
      const event = (
        audit.body as { action: string; request_id: string | null; reason: string | null }[]
      ).find((e) => e.reason === 'typo in the initials');
      expect(event?.request_id).toBe(serverId);
      expect(JSON.stringify(audit.body)).not.toContain(CLIENT_ID);
    });

    it('is not the request ID of an error answer either', async () => {
      const refused = await api.app.inject({
        method: 'GET',
        url: '/api/subjects',
        headers: { 'x-request-id': CLIENT_ID },
      });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().requestId).toMatch(UUID);
      expect(refused.json().requestId).toBe(refused.headers['x-request-id']);
    });
  });

  describe('a URL that does not decode', () => {
    for (const [method, url] of [
      ['GET', '/api/subjects/%E0%A4%A'],
      ['GET', '/api/subjects/%E0%A4%A/audit?status=%E0%A4%A'],
      ['PATCH', '/api/users/%C0%AF-secret-looking-text%E0%A4%A'],
      ['GET', '/subjects/%E0%A4%A'],
    ] as const) {
      it(`${method} ${url}: our error shape, without the URL`, async () => {
        const response = await api.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
        expect(response.statusCode).toBe(400);
        const body = response.json();
        expect(body).toEqual({
          error: { kind: 'invalid', message: 'the URL is not valid: a percent-encoded part does not decode' },
          requestId: expect.stringMatching(UUID),
        });
        expect(response.headers['x-request-id']).toBe(body.requestId);
        expect(response.body).not.toMatch(/%E0|%C0|secret-looking|subjects|users/i);
        expect(response.headers['content-type']).toContain('application/json');
      });
    }
  });

  describe('a request the HTTP parser refuses', () => {
    let port: number;
    beforeAll(async () => {
      await api.app.listen({ port: 0, host: '127.0.0.1' });
      port = (api.app.server.address() as { port: number }).port;
    });

    for (const [what, text] of [
      ['a malformed request line', 'GET /api/subjects/secret-looking-path HTTP/1.1 extra words\r\n\r\n'],
      ['a request line that is not HTTP', 'HELLO THERE secret-looking-text\r\n\r\n'],
      ['a header without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nsecret-looking-header\r\n\r\n'],
    ] as const) {
      it(`${what}: JSON 400 in our shape`, async () => {
        const answer = await rawRequest(port, text);
        const { status, headers, body } = parseAnswer(answer);
        expect(status).toBe(400);
        expect(headers['content-type']).toContain('application/json');
        expect(body).toEqual({
          error: { kind: 'invalid', message: 'the request is not valid HTTP' },
          requestId: expect.stringMatching(UUID),
        });
        expect(answer).not.toContain('secret-looking');
      });
    }

    it('headers too large: JSON 431 in our shape', async () => {
      const answer = await rawRequest(
        port,
        `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      const { status, body } = parseAnswer(answer);
      expect(status).toBe(431);
      expect(body).toEqual({
        error: { kind: 'invalid', message: 'the request headers are too large' },
        requestId: expect.stringMatching(UUID),
      });
    });

    it('still answers a well-formed request on the same server', async () => {
      const answer = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(answer.startsWith('HTTP/1.1 200')).toBe(true);
    });
  });
});
