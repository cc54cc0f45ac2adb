/**
 * Every route the running server answers, read at runtime from the router Nest registered its
 * controllers on (Express 5: `app.router.stack`, one layer per route), so that a route added
 * tomorrow is in the suites that iterate over them without anyone listing it.
 */
import type { TestServer } from './server';

export interface AppRoute {
  /** Upper case: GET, POST, … */
  method: string;
  /** Express's pattern, without a trailing slash: `/api/events/:eventId/seats/:seatId/lock`. */
  path: string;
}

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** The routes under /api, each method and path once (`/api/docs` and `/api/docs/` are one), in registration order. */
export function appRoutes(server: TestServer): AppRoute[] {
  const express = server.app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
  const stack = (express.router ?? express._router)?.stack;
  if (!stack) throw new Error('the Express router has no stack: has the way Express keeps its routes changed?');
  const routes: AppRoute[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const path of ([] as string[]).concat(layer.route.path)) {
      if (!path.startsWith('/api/') && path !== '/api') continue;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        const route = { method: method.toUpperCase(), path: path.replace(/\/$/, '') };
        if (on && method !== '_all' && !routes.some((r) => r.method === route.method && r.path === route.path)) routes.push(route);
      }
    }
  }
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
