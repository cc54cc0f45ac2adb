/**
 * Several Express middleware mounted as one layer of the router. Express 5's router pays for every
 * layer it walks on every request (matching the path, a closure per layer, 1-2 KB of garbage), and
 * the middleware in front of every route are as many layers as there are middleware: one layer
 * for all of them cuts that walk short (docs/performance.md, "Profiles").
 *
 * Each middleware runs as Express runs it: in order; `next()` goes on to the next one; `next(error)`
 * leaves the chain with that error (Express then skips to its error handlers); a middleware that
 * throws, or whose promise rejects, is treated as `next(error)`; one that answers and does not call
 * `next` ends the request there.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function middlewareChain(...handlers: RequestHandler[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    let i = 0;
    const step = (error?: unknown): void => {
      if (error) return next(error);
      const handler = handlers[i++];
      if (!handler) return next();
      try {
        const returned = handler(req, res, step) as unknown;
        if (returned instanceof Promise) returned.catch((rejection: unknown) => next(rejection ?? new Error('middleware rejected')));
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}

/**
 * `handler` for requests under `prefix` only, as `app.use(prefix, handler)` mounts it: the prefix
 * is matched against the path (not the request target, which may be an absolute URL) as Express
 * matches a mount path (whole segments, case-insensitively), so no path Nest's routes answer (they
 * match case-insensitively too) slips past it.
 */
export function under(prefix: string, handler: RequestHandler): RequestHandler {
  const mounted = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/|$)`, 'i');
  return (req, res, next) => (mounted.test(req.path) ? handler(req, res, next) : next());
}
