/**
 * What every response says about how a browser may use it (issue 14, item 8), and the gate on large
 * bodies (item 9): hooks on the root instance, added before any route or plugin so they hold for the
 * API, the web app, /docs and the not-found answers alike.
 *
 * - **Content-Security-Policy.** The web app (web/dist, built by Vite) loads only its own hashed
 *   scripts and style sheets — no inline script, no inline <style>, no eval — and draws charts as SVG
 *   it parses itself (ChartFigure): `script-src 'self'`, `style-src 'self'`. Style *attributes* are
 *   allowed (`style-src-attr 'unsafe-inline'`): the server-drawn SVG figures carry presentation styles,
 *   and a style attribute cannot run code. Images may be `data:`/`blob:` (a figure shown as an image,
 *   its PNG drawn in a canvas). API answers are data, never documents: `default-src 'none'`. Swagger UI
 *   at /docs (its own scripts, no inline script) needs inline styles and data: images.
 * - **Framing**: `frame-ancestors 'none'` and X-Frame-Options DENY (older browsers): no clickjacking.
 * - **X-Content-Type-Options: nosniff**, **Referrer-Policy: no-referrer** (URLs hold subject IDs),
 *   Cross-Origin-Opener-Policy same-origin, and **HSTS** when the server runs behind HTTPS
 *   (TRIALKIT_SECURE_COOKIES=1; without includeSubDomains: the trial's host does not speak for its
 *   domain's other hosts).
 * - **Cache-Control.** Every /api answer carries trial or account data and says `no-store` (no copy
 *   in a shared computer's browser cache or a proxy), except the public protocol — the same for
 *   everyone and changed only by a deployment — cacheable for 5 minutes; the public sites and
 *   accrual change with the trial, so `no-cache`. Probes say `no-store`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { gateLargeBodies } from './large-bodies.ts';

const APP_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const DOCS_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const DATA_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

const PUBLIC_CACHE: Record<string, string> = {
  '/api/protocol': 'public, max-age=300',
  '/api/sites': 'no-cache',
  '/api/accrual': 'no-cache',
};
const PROBES = new Set(['/healthz', '/readyz']);

export interface SecurityOptions {
  /** Behind HTTPS (TRIALKIT_SECURE_COOKIES=1): tell browsers to use nothing else. */
  hsts: boolean;
}

/**
 * Sets the headers on `reply`. The onSend hook below calls it for every answer that goes through the
 * hooks; errors met before routing (a URL that does not decode: Fastify's frameworkErrors) skip the
 * hooks, so their handler calls it itself (src/server/app.ts).
 */
export function setSecurityHeaders(
  options: SecurityOptions,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const path = (request.url.split('?')[0] as string).replace(/\/+$/, '') || '/';
  const api = path.startsWith('/api/') || PROBES.has(path);
  const docs = path === '/docs' || path.startsWith('/docs/');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  if (options.hsts) reply.header('strict-transport-security', 'max-age=31536000');
  reply.header('content-security-policy', api ? DATA_POLICY : docs ? DOCS_POLICY : APP_POLICY);
  if (api) {
    const isPublicRead = request.method === 'GET' && reply.statusCode < 400 && PUBLIC_CACHE[path];
    reply.header('cache-control', isPublicRead || 'no-store');
  }
}

/** Adds the hooks to the root instance (call before registering routes and plugins). */
export function securityHooks(app: FastifyInstance, options: SecurityOptions): void {
  app.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(options, request, reply);
    return payload;
  });
  gateLargeBodies(app);
}
