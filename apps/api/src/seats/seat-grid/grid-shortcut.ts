/**
 * The grid shortcut: a read of the seat grid answered before Fastify, its router, sessions,
 * CSRF, compression and Nest (app.ts puts it in front of them), when this process itself
 * has just answered the same caller and nothing the caller sees can have changed since
 * (docs/performance.md): a poll whose If-None-Match is that answer's ETag gets 304; a plain read
 * that accepts gzip gets the same body again (kept compressed by the grid cache) with a fresh
 * serverTime.
 *
 * "The same caller" is the same session cookie, as sent (or none, for anonymous callers): the full
 * path has resolved that cookie to a user (or to nobody) when it answered, and an answer is
 * remembered under that cookie only. "Nothing changed" is the show's generation in the grid cache
 * (moved by every change applied in this process) and the earliest end of a live lock in the grid.
 * Anything else (no remembered answer, another ETag, a change, a lock running out, a read model
 * projected by another process, a body no longer kept, no gzip) goes the full way.
 *
 * A remembered answer lives REMEMBER_MS at most, so a session ended elsewhere (logged out on
 * another instance, expired) is seen within that time; a logout here forgets its cookie at once.
 * The shortcut only ever repeats to a cookie what the full path answered to that cookie.
 */
import type { RequestRecord } from '../../observability/http-observer';
import { Inject, Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SESSION_COOKIE } from '../../auth/sessions';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { partsLength, writeParts } from './gzip-splice';
import { SeatGridCache, type GridAnswer } from './seat-grid-cache';

interface Remembered {
  etag: string;
  generation: string;
  validUntil: number;
  /** Forgotten after this instant (ms, process time). */
  until: number;
}

export const REMEMBER_MS = 10_000;
/** Bound on remembered answers (callers x events); past it the oldest are dropped. */
const MAX_REMEMBERED = 50_000;
/** The grid's path as sent, without a query (anything else takes the full path). */
const GRID_PATH = /^\/api\/events\/([0-9A-Za-z_-]+)\/seats\/?$/;
/** The grid route's template, as Fastify names it: the shortcut's answers count under the same route. */
const GRID_ROUTE = '/api/events/:eventId/seats';
/** An Accept-Encoding that takes gzip without weights (browsers send "gzip, deflate, br, zstd"); anything subtler takes the full path. */
const PLAIN_GZIP = /^(?:[\w-]+\s*,\s*)*gzip(?:\s*,\s*[\w-]+)*$/;

/** The raw value of a cookie in a Cookie header ('' when absent), without parsing the others. */
export function rawCookie(header: string | undefined, name: string): string {
  if (!header) return '';
  let at = header.indexOf(`${name}=`);
  while (at > 0 && header[at - 1] !== ' ' && header[at - 1] !== ';') at = header.indexOf(`${name}=`, at + 1);
  if (at < 0) return '';
  const end = header.indexOf(';', at);
  return header.slice(at + name.length + 1, end < 0 ? undefined : end);
}

@Injectable()
export class GridShortcut {
  /** cookie value -> showId -> the answer given */
  private readonly answered = new Map<string, Map<string, Remembered>>();
  private size = 0;

  constructor(
    private readonly grids: SeatGridCache,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Called by the full path once it has answered the caller of `req` with `answer`. */
  remember(req: IncomingMessage, showId: string, answer: GridAnswer): void {
    if (answer.generation === '') return;
    const cookie = rawCookie(req.headers.cookie, SESSION_COOKIE);
    if (this.size >= MAX_REMEMBERED) this.forgetOldest();
    let shows = this.answered.get(cookie);
    if (!shows) this.answered.set(cookie, (shows = new Map()));
    if (!shows.has(showId)) this.size++;
    shows.set(showId, { etag: answer.etag, generation: answer.generation, validUntil: answer.validUntil, until: Date.now() + REMEMBER_MS });
  }

  /** A logout: the answers given under the cookie of `req` are no longer its caller's. */
  forget(req: IncomingMessage): void {
    const cookie = rawCookie(req.headers.cookie, SESSION_COOKIE);
    this.size -= this.answered.get(cookie)?.size ?? 0;
    this.answered.delete(cookie);
  }

  /**
   * Answers (true) when it safely can, with `securityHeaders` (name, value, name, value...: the
   * headers every answer carries, see app.ts) and the full path's own; otherwise (false) leaves the
   * request untouched for the full path.
   */
  answer(req: IncomingMessage, res: ServerResponse, securityHeaders: readonly string[], record: RequestRecord): boolean {
    if (req.method !== 'GET') return false;
    const path = GRID_PATH.exec(req.url ?? '');
    if (!path) return false;
    const showId = path[1];
    const seen = this.answered.get(rawCookie(req.headers.cookie, SESSION_COOKIE))?.get(showId);
    if (!seen || Date.now() >= seen.until) return false;
    const now = this.clock.now();
    if (seen.generation !== this.grids.generation(showId) || now.getTime() >= seen.validUntil) return false;
    const notModified = req.headers['if-none-match'] === seen.etag;
    const body = notModified ? undefined : PLAIN_GZIP.test(req.headers['accept-encoding'] ?? '') ? this.grids.gzipAgain(showId, seen.etag, now) : undefined;
    if (!notModified && !body) return false;
    // The same headers as the full path's answer (shows.controller.ts), set in one call: a header
    // set one by one is validated and kept in a map first (16 of them were a tenth of a poll's CPU).
    record.route = GRID_ROUTE;
    const head = [...securityHeaders, 'X-Request-Id', record.id, 'ETag', seen.etag, 'Cache-Control', 'private, no-cache', 'Vary', 'Accept-Encoding, Cookie'];
    if (notModified) {
      res.writeHead(304, head);
      res.end();
    } else {
      res.writeHead(200, [...head, 'Content-Type', 'application/json; charset=utf-8', 'Content-Encoding', 'gzip', 'Content-Length', String(partsLength(body!))]);
      writeParts(res, body!);
    }
    return true;
  }

  private forgetOldest(): void {
    const now = Date.now();
    for (const [cookie, shows] of this.answered) {
      for (const [showId, seen] of shows) {
        if (seen.until <= now) {
          shows.delete(showId);
          this.size--;
        }
      }
      if (!shows.size) this.answered.delete(cookie);
    }
    // Still full of live answers: start again (callers take the full path once more).
    if (this.size >= MAX_REMEMBERED) {
      this.answered.clear();
      this.size = 0;
    }
  }
}
