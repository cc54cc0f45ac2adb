/**
 * Every HTTP answer, seen once (issue 19): its request id, its line in the log and its sample in the
 * request histogram. It starts in the server's request handler, before Fastify or the grid shortcut
 * sees the request (app.ts), and ends when the response closes, so that the answers Fastify never
 * sees (the grid shortcut's 304s, a refused request target) are counted and logged like the rest.
 *
 * The request id is the trusted proxy's `X-Request-Id` (with TRUST_PROXY set and a plausible value),
 * else a fresh UUID; it is sent back in `X-Request-Id` and recorded in the metadata of the events
 * the request appends (request-context.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyRequest } from 'fastify';
import type { Logger } from './logger';
import { recordRequest } from './metrics';
import { endRequestSpan, startRequestSpan } from './tracing';

/** What a proxy may send as a request id: no spaces, no quotes, nothing to inject into a log line. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const RECORD = Symbol('tessera.request');

export interface RequestRecord {
  readonly id: string;
  readonly started: number;
  /** The route's template (Fastify's, or the shortcut's); undefined: no route matched. */
  route: string | undefined;
  /** The Fastify request, once Fastify has it: its user is read when the answer is done. */
  request: FastifyRequest | undefined;
  /** The user at the start of the request (a logout ends with none). */
  userId: string | undefined;
  /** Its span and the context to run its handling in, when tracing is on (tracing.ts). */
  readonly trace: ReturnType<typeof startRequestSpan>;
}

type Tagged = IncomingMessage & { [RECORD]?: RequestRecord };

export class HttpObserver {
  constructor(
    /** Undefined: no request lines (the tests' in-process servers). */
    private readonly log: Logger | undefined,
    /** TRUST_PROXY is set: an `X-Request-Id` from the proxy is kept. */
    private readonly trustRequestId: boolean,
  ) {}

  /** Called first for every request: gives it its id and watches for the end of its answer. */
  begin(req: IncomingMessage, res: ServerResponse): RequestRecord {
    const header = this.trustRequestId ? req.headers['x-request-id'] : undefined;
    const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    const record: RequestRecord = { id, started: performance.now(), route: undefined, request: undefined, userId: undefined, trace: startRequestSpan(req, res) };
    (req as Tagged)[RECORD] = record;
    res.once('close', () => this.end(req, res, record));
    return record;
  }

  private end(req: IncomingMessage, res: ServerResponse, record: RequestRecord): void {
    const ms = performance.now() - record.started;
    // Closed before the answer was complete: the client went away (nginx's 499).
    const status = res.writableFinished ? res.statusCode : 499;
    const route = record.route ?? 'unmatched';
    const method = req.method ?? 'UNKNOWN';
    recordRequest(route, method, status, ms / 1000);
    if (record.trace) endRequestSpan(record.trace.span, method, route, status, record.id);
    // A 304 is a page's poll finding nothing changed, every 3 s per open seat map: most of the lines
    // and none of the news at an on-sale. It is counted above; its line is written at `debug`.
    const level = status === 304 ? 'debug' : 'info';
    if (!this.log?.isLevelEnabled(level)) return;
    const userId = record.request?.user?.id ?? record.userId ?? null;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    this.log[level]({ reqId: record.id, userId, method, route, path: query === -1 ? url : url.slice(0, query), status, ms: Math.round(ms * 100) / 100 }, 'request');
  }
}

/** The request's record (its id above all), for what runs later in the same request. */
export function requestRecordOf(req: IncomingMessage): RequestRecord | undefined {
  return (req as Tagged)[RECORD];
}
