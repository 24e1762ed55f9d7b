/**
 * Serves the built web app (web/dist, `npm run build:web`): its files, and index.html for every other
 * GET that is not the API or the docs, so the browser's router handles deep links such as
 * /subjects/<id>. Without a build the API still works and / says how to build the app.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const WEB_DIST = join(import.meta.dirname, '..', '..', 'web', 'dist');

export async function serveWeb(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  const built = existsSync(join(dist, 'index.html'));
  if (built) await app.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] as string;
    const api = path.startsWith('/api/') || path.startsWith('/docs');
    if (request.method !== 'GET' || api)
      return reply.status(404).send({
        error: { kind: 'not_found', message: `no route ${request.method} ${path}` },
        requestId: request.id,
      });
    if (!built)
      return reply
        .status(404)
        .type('text/plain')
        .send('The web app is not built: run `npm run build:web` (npm start does it).');
    return reply.type('text/html').sendFile('index.html');
  });
}
