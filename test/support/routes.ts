/**
 * The API's routes as its OpenAPI document lists them (`METHOD /path/:param`, as the authorization
 * matrix names them), with their path parameters, query parameters and body schema: for tests that go
 * through every route (security headers, logs).
 */
import type { FastifyInstance } from 'fastify';

export interface RouteParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Record<string, unknown>;
}

export interface ApiRoute {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  parameters: RouteParameter[];
  body: Record<string, unknown> | undefined;
}

type Operation = {
  parameters?: RouteParameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
};

/** Every /api route of `app` (ready), sorted by name. */
export function apiRoutesOf(app: FastifyInstance): ApiRoute[] {
  const spec = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(spec.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => {
        const colonPath = path.replace(/\{(\w+)\}/g, ':$1');
        return {
          name: `${method.toUpperCase()} ${colonPath}`,
          method: method.toUpperCase() as ApiRoute['method'],
          path: colonPath,
          parameters: operation.parameters ?? [],
          body: operation.requestBody?.content['application/json']?.schema,
        };
      }),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `route`'s path with each `:param` replaced by `value(name)` (percent-encoded). */
export function pathOf(route: ApiRoute, value: (name: string) => string): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(value(name)));
}
