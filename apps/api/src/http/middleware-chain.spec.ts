/** The chain runs its middleware exactly as Express's router would, one after the other. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { middlewareChain, under } from './middleware-chain';

const req = (path = '/api/x') => ({ path }) as Request;
const res = {} as Response;

/** Runs `handler` and resolves with what it passed to the router's next (undefined: it went on; 'answered': it did not call next). */
function outcome(handler: RequestHandler, request = req()): Promise<unknown> {
  return new Promise((resolve) => {
    const next: NextFunction = (error?: unknown) => resolve(error);
    const answered = setTimeout(() => resolve('answered'), 20);
    void handler(request, res, (error?: unknown) => (clearTimeout(answered), next(error)));
  });
}

describe('middlewareChain', () => {
  it('runs every middleware in order, then goes on', async () => {
    const seen: string[] = [];
    const mw = (name: string): RequestHandler => (_q, _s, next) => (seen.push(name), next());
    expect(await outcome(middlewareChain(mw('a'), mw('b'), mw('c')))).toBeUndefined();
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('leaves with the error a middleware passes to next, and runs none after it', async () => {
    const later = jest.fn();
    const refused = new Error('refused');
    expect(await outcome(middlewareChain((_q, _s, next) => next(refused), later))).toBe(refused);
    expect(later).not.toHaveBeenCalled();
  });

  it('takes a throw or a rejected promise for an error', async () => {
    const thrown = new Error('thrown');
    const rejected = new Error('rejected');
    expect(await outcome(middlewareChain(() => { throw thrown; }))).toBe(thrown);
    expect(await outcome(middlewareChain(async () => { throw rejected; }))).toBe(rejected);
  });

  it('ends where a middleware answers without calling next', async () => {
    const later = jest.fn();
    expect(await outcome(middlewareChain(() => undefined, later))).toBe('answered');
    expect(later).not.toHaveBeenCalled();
  });
});

describe('under', () => {
  const ran = async (path: string) => {
    let called = false;
    await outcome(under('/api', (_q, _s, next) => ((called = true), next())), req(path));
    return called;
  };

  it('runs for the prefix and the paths below it, whatever their case', async () => {
    expect(await Promise.all(['/api', '/api/', '/api/login/', '/API/login', '/Api'].map(ran))).toEqual([true, true, true, true, true]);
  });

  it('does not run for paths that only start with the same letters', async () => {
    expect(await Promise.all(['/', '/apis', '/api-docs', '/main.js', '/x/api'].map(ran))).toEqual([false, false, false, false, false]);
  });
});
