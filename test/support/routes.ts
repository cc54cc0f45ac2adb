/**
 * Every route the running server answers, read at runtime from the router Nest registered its
 * controllers on (Fastify's `printRoutes()`, a tree of path segments with their methods), so that a
 * route added tomorrow is in the suites that iterate over them without anyone listing it.
 */
import type { TestServer } from './server';

export interface AppRoute {
  /** Upper case: GET, POST, … */
  method: string;
  /** The router's pattern, without a trailing slash: `/api/events/:eventId/seats/:seatId/lock`. */
  path: string;
}

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A line of the tree: its indentation (4 characters a level), then `segment (METHOD, ...)`. */
const TREE_LINE = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/;

/**
 * The routes under /api, each method and path once, in the router's order; HEAD (which Fastify
 * answers for every GET) and wildcard routes (Swagger UI's files) are left out.
 */
export function appRoutes(server: TestServer): AppRoute[] {
  const fastify = server.app.getHttpAdapter().getInstance() as unknown as { printRoutes(options: { commonPrefix: boolean }): string };
  const lines = fastify.printRoutes({ commonPrefix: false }).split('\n').filter((line) => line.trim());
  const routes: AppRoute[] = [];
  const ancestors: string[] = [];
  for (const line of lines) {
    const match = TREE_LINE.exec(line);
    if (!match) throw new Error(`a line of Fastify's route tree did not parse: has its format changed? ${JSON.stringify(line)}`);
    const depth = match[1].length / 4;
    ancestors.length = depth;
    ancestors.push(match[2]);
    const path = ancestors.join('').replace(/\/$/, '');
    if ((!path.startsWith('/api/') && path !== '/api') || path.includes('*') || !match[3]) continue;
    for (const method of match[3].split(', ')) {
      if (method !== 'HEAD' && !routes.some((r) => r.method === method && r.path === path)) routes.push({ method, path });
    }
  }
  if (!routes.length) throw new Error('no route under /api was found in the router');
  return routes;
}

/** The routes of unsafe methods (POST, PUT, PATCH, DELETE). */
export const unsafeRoutes = (server: TestServer): AppRoute[] => appRoutes(server).filter((r) => UNSAFE_METHODS.has(r.method));

/** `METHOD /path/` as a test name shows it. */
export const routeName = (route: AppRoute): string => `${route.method} ${withSlash(route.path)}`;

/** The path's parameter names, in order: `:eventId`, `:seatId`, … */
export const paramsOf = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map(([, name]) => name);

/** The trailing slash api.md shows on resources, not on files (`/api/openapi.json`, `/api/docs/swagger-ui-init.js`). */
const withSlash = (path: string): string => (/\.\w+$/.test(path) ? path : `${path}/`);

/** The path with each `:name` replaced by `values[name]` (URI-encoded), and the trailing slash the contract shows. */
export function fillPath(path: string, values: Record<string, string>): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for the path parameter :${name} of ${path}`);
    return encodeURIComponent(values[name]);
  });
  return withSlash(filled);
}
