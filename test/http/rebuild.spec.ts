/**
 * api.md "Admin" (POST /api/admin/projections/rebuild/), issue 4: while clients lock, unlock and
 * poll over real HTTP, the read models are rebuilt from history and swapped in; no read fails, every
 * client keeps seeing its own writes, and verify is consistent afterwards.
 */
import { idOf, logLength } from '../support/audit';
import type { Client } from '../support/client';
import { appendPastTraffic } from '../support/history';
import { lock, unlock } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

const CLIENTS = 8;
const REBUILDS = 3;
/** Bounds on every loop: far above what a run needs, so a hang fails instead of spinning. */
const MAX_ROUNDS_PER_CLIENT = 5000;
const MAX_STATUS_POLLS = 20_000;

interface Read {
  what: string;
  status: number;
  started: number;
  ended: number;
}

describe('rebuilding the read models under load', () => {
  let server: TestServer;
  let eventId: string;
  let admin: Client;

  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
    admin = await server.as('admin');
    // A long past to replay (rows A to D, 500 holds each), so that a rebuild takes a while.
    const alice = await server.as('alice');
    const seatIds = 'ABCD'.split('').flatMap((row) => Array.from({ length: 12 }, (_, i) => `${row}${i + 1}`));
    await appendPastTraffic(server, eventId, seatIds, 500, { id: await idOf(alice), username: 'alice' });
  }, 60_000);
  afterAll(() => server.close());

  it('answers 202, keeps every read at 200 or 304 and every client seeing its own writes, reaches "done", and leaves verify consistent', async () => {
    const clients = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => ({ ...(await newUser(server, 'load')), seatId: `E${i + 1}` })));
    const reads: Read[] = [];
    const failures: string[] = [];
    let stop = false;
    let rounds = 0;

    const read = async (who: string, client: Client, what: string, path: string, headers: Record<string, string> = {}) => {
      const started = performance.now();
      const reply = await client.get(path, headers);
      reads.push({ what, status: reply.status, started, ended: performance.now() });
      if (reply.status !== 200 && reply.status !== 304) failures.push(`${who}: ${what} answered ${reply.status} ${reply.text}`);
      return reply;
    };

    const load = async ({ client, username, seatId }: (typeof clients)[number]) => {
      let etag: string | undefined;
      const poll = async () => {
        const reply = await read(username, client, 'seat grid', `/api/events/${eventId}/seats/`, etag ? { 'If-None-Match': etag } : {});
        if (reply.status === 200) etag = reply.headers.get('etag') ?? undefined;
        return reply;
      };
      /** After its own write, the client's next read must show it (api.md: reads see the caller's own earlier writes at once). */
      const expectOwn = async (status: 'locked' | 'available') => {
        const reply = await poll();
        if (reply.status === 304) return failures.push(`${username}: after its own ${status === 'locked' ? 'lock' : 'unlock'} of ${seatId}, the grid answered 304`);
        const seat = reply.body?.seats?.find((s: { id: string }) => s.id === seatId);
        if (seat?.status !== status || seat?.mine !== (status === 'locked')) failures.push(`${username}: after its own write ${seatId} read ${JSON.stringify(seat)}`);
      };
      for (let round = 0; round < MAX_ROUNDS_PER_CLIENT && !stop; round++) {
        const locked = await lock(client, eventId, seatId);
        if (locked.status !== 200) failures.push(`${username}: lock ${seatId} answered ${locked.status} ${locked.text}`);
        await expectOwn('locked');
        await poll();
        const list = await read(username, client, 'event list', '/api/events/');
        if (!list.body?.events?.some((e: { id: string; seatCount: number }) => e.id === eventId && e.seatCount === 120)) {
          failures.push(`${username}: the event list lacked the demo event: ${list.text}`);
        }
        const unlocked = await unlock(client, eventId, seatId);
        if (unlocked.status !== 200) failures.push(`${username}: unlock ${seatId} answered ${unlocked.status} ${unlocked.text}`);
        await expectOwn('available');
        rounds++;
      }
    };

    const running = clients.map(load);
    const windows: { from: number; to: number }[] = [];
    const statuses: { status: string; progress: number }[][] = [];
    const done: { eventsReplayed: number }[] = [];
    const T=performance.now(); const before = await logLength(admin); console.log('logLength', performance.now()-T);
    try {
      for (let rebuild = 0; rebuild < REBUILDS; rebuild++) {
        const started = await admin.post('/api/admin/projections/rebuild/');
        const from = performance.now();
        expect(started.status).toBe(202);
        expect(started.body.rebuild).toMatchObject({ status: 'running' });
        const seen: { status: string; progress: number }[] = [];
        let last: any;
        for (let poll = 0; poll < MAX_STATUS_POLLS; poll++) {
          const reply = await admin.get('/api/admin/projections/rebuild/');
          expect(reply.status).toBe(200);
          last = reply.body.rebuild;
          seen.push({ status: last.status, progress: last.progress });
          if (last.status !== 'running') break;
        }
        windows.push({ from, to: performance.now() }); console.log('window', performance.now()-from, seen.length);
        statuses.push(seen);
        expect(last).toMatchObject({ status: 'done', progress: 1 });
        done.push(last);
      }
    } finally {
      stop = true;
      await Promise.all(running);
    }

    expect(failures).toEqual([]);
    expect(rounds).toBeGreaterThan(0);
    // Reads were in flight during every rebuild, not only before or after.
    for (const { from, to } of windows) expect(reads.filter((r) => r.ended > from && r.started < to).length).toBeGreaterThan(0);
    expect(reads.every((r) => r.status === 200 || r.status === 304)).toBe(true);
    // Progress only moves forward, from 0 to 1.
    for (const seen of statuses) {
      const progress = seen.map((s) => s.progress);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.every((p) => p >= 0 && p <= 1)).toBe(true);
    }

    // Each rebuild replayed the whole history as it stood when it swapped in.
    const entries = await logLength(admin);
    for (const { eventsReplayed } of done) {
      expect(eventsReplayed).toBeGreaterThanOrEqual(before);
      expect(eventsReplayed).toBeLessThanOrEqual(entries);
    }
    const T2=performance.now(); const verify = await admin.get('/api/audit/verify/'); console.log('verify', performance.now()-T2);
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ consistent: true, eventsReplayed: entries, mismatches: [] });
    // The load left every seat it used free again, as everyone sees it.
    const seats = (await server.client().get(`/api/events/${eventId}/seats/`)).body.seats;
    expect(clients.map(({ seatId }) => seats.find((s: { id: string }) => s.id === seatId).status)).toEqual(clients.map(() => 'available'));
  }, 60_000);

  it('keeps a lock taken before a rebuild, with its holder and end, after the swap', async () => {
    const { client, username } = await newUser(server, 'keeper');
    expect((await lock(client, eventId, 'E12')).status).toBe(200);
    const before = (await client.get(`/api/events/${eventId}/seats/`)).body;
    expect((await admin.post('/api/admin/projections/rebuild/')).status).toBe(202);
    let status = 'running';
    for (let poll = 0; poll < MAX_STATUS_POLLS && status === 'running'; poll++) status = (await admin.get('/api/admin/projections/rebuild/')).body.rebuild.status;
    expect(status).toBe('done');
    const after = (await client.get(`/api/events/${eventId}/seats/`)).body;
    expect(after).toEqual(before);
    expect(after.seats.find((s: { id: string }) => s.id === 'E12')).toMatchObject({ status: 'locked', lockedBy: username, mine: true });
  }, 30_000);
});
