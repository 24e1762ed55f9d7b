/**
 * The edge's bounds on every request, before any route or schema sees it (issue 14): the body's size
 * and JSON nesting depth from the protocol's limits (limits.yaml), and text that is well-formed Unicode
 * everywhere — in the body's keys and strings at any depth, and in the query and path parameters, which
 * also carry no control characters (they are IDs, never free text). Each refusal is a 400 naming the
 * field (`InputError`, mapped by the one error handler); nothing recursive runs on the input, so no
 * depth can overflow the stack further in (canonical JSON, error descriptions, the store).
 *
 * The field-by-field rules (control characters in names, NFC, lengths) are the contracts' text types
 * (src/contracts/text.ts); this is the net under the fields the contracts leave free (a randomization
 * configuration, uploaded FHIR content) and under every route to come.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  hasControlCharacter,
  InputError,
  type InputIssue,
  isWellFormed,
  jsonNestsDeeperThan,
  NO_CONTROL_CHARACTERS,
  type RequestLimits,
  WELL_FORMED_TEXT,
} from '../contracts/index.ts';

/** The most problems one refusal lists. */
const MAX_ISSUES = 10;

/**
 * The text problems of a parsed request part (`body`, `query`, `params`): keys and strings that are
 * not well-formed, and, where `controls` is set, that hold control characters. Iterative.
 */
export function textIssues(location: string, value: unknown, controls: boolean): InputIssue[] {
  const issues: InputIssue[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: location }];
  const check = (text: string, path: string) => {
    if (!isWellFormed(text)) issues.push({ path, expected: WELL_FORMED_TEXT });
    else if (controls && hasControlCharacter(text)) issues.push({ path, expected: NO_CONTROL_CHARACTERS });
  };
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const next = stack.pop() as { value: unknown; path: string };
    if (typeof next.value === 'string') check(next.value, next.path);
    else if (Array.isArray(next.value)) {
      for (let i = next.value.length - 1; i >= 0; i--)
        stack.push({ value: next.value[i], path: `${next.path}.${i}` });
    } else if (next.value !== null && typeof next.value === 'object') {
      const entries = Object.entries(next.value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i] as [string, unknown];
        const path = `${next.path}.${key}`;
        check(key, path);
        stack.push({ value: inner, path });
      }
    }
  }
  return issues.slice(0, MAX_ISSUES);
}

function checkText(request: FastifyRequest): void {
  const issues = [
    ...textIssues('params', request.params, true),
    ...textIssues('query', request.query, true),
    ...textIssues('body', request.body, false),
  ];
  if (issues.length > 0) throw new InputError(issues.slice(0, MAX_ISSUES));
}

/** Bounds every request of `app` by `limits`; call before the routes are registered. */
export function limitRequests(app: FastifyInstance, limits: RequestLimits): void {
  // The size: the smaller of the route's (or the server's) own limit and the protocol's.
  app.addHook('onRoute', (route) => {
    route.bodyLimit = Math.min(
      route.bodyLimit ?? app.initialConfig.bodyLimit ?? Infinity,
      limits.maxBodyBytes,
    );
  });

  // The depth, from the text, then Fastify's own parser (which refuses __proto__ and constructor keys).
  const parseJson = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Read from the text before parsing it: a megabyte of `[` costs a scan, not a parse and a walk.
    if (jsonNestsDeeperThan(body as string, limits.maxJsonDepth)) {
      done(
        new InputError({
          path: 'body',
          expected: `JSON nested at most ${limits.maxJsonDepth} levels deep (objects and arrays)`,
        }),
        undefined,
      );
      return;
    }
    parseJson(request, body as string, done);
  });

  app.addHook('preValidation', async (request) => checkText(request));
}
