/**
 * api.md "Admin" (POST /api/admin/projections/rebuild/), issue 4: while clients lock, unlock and
 * poll over real HTTP, the read models are rebuilt from history and swapped in. Reads keep being
 * served (200 or 304, each client seeing its own writes), progress is reported, the rebuild ends
 * "done", and verify is consistent afterwards.
 */
import { idOf, logLength } from '../support/audit';
import type { Client, Reply } from '../support/client';
import { appendPastTraffic } from '../support/history';
import { lock, unlock } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

const CLIENTS = 8;
const REBUILDS = 3;
/** Bounds on every loop: far above what a run needs, so that a hang fails instead of spinning. */
const MAX_ROUNDS_PER_CLIENT = 5000;
const MAX_STATUS_POLLS = 20_000;

interface Read {
  status: number;
  started: number;
  ended: number;
}

interface Rebuild {
  /** The answer to POST /api/admin/projections/rebuild/. */
  accepted: Reply;
  /** When the 202 arrived. */
  acceptedAt: number;
  /** Every status the admin polled, in order, until it was no longer "running". */
  polled: { status: string; progress: number; eventsReplayed: number }[];
  /** When the last poll that still read "running" was answered (acceptedAt if none did). */
  lastRunningAt: number;
}

describe('rebuilding the read models while 8 clients lock, unlock and poll', () => {
  let server: TestServer;
  let eventId: string;
  let admin: Client;
  const reads: Read[] = [];
  const failures: string[] = [];
  const rebuilds: Rebuild[] = [];
  let rounds = 0;
  let historyBefore = 0;
  let historyAfter = 0;
  let verify: Reply;
  let seatsUsed: string[] = [];
  let gridAfter: { id: string; status: string }[] = [];

  beforeAll(async () => {
    // The clients are load generators (lock and unlock as fast as the server answers): no rate limit.
    server = await startServer({ LOCK_RATE_PER_SECOND: '1000000', LOCK_RATE_PER_MINUTE: '1000000' });
    eventId = await server.eventId();
    admin = await server.as('admin');
    // A long past to replay (rows A to D, 300 holds each, some 29,000 events): a rebuild takes a while.
    const alice = await server.as('alice');
    const past = 'ABCD'.split('').flatMap((row) => Array.from({ length: 12 }, (_, i) => `${row}${i + 1}`));
    await appendPastTraffic(server, eventId, past, 300, { id: await idOf(alice), username: 'alice' });
    historyBefore = await logLength(admin);

    const clients = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => ({ ...(await newUser(server, 'load')), seatId: `E${i + 1}` })));
    seatsUsed = clients.map((c) => c.seatId);
    let stop = false;
    let warmedUp = 0;
    let allWarm!: () => void;
    const warm = new Promise<void>((resolve) => (allWarm = resolve));

    const read = async (who: string, client: Client, what: string, path: string, headers: Record<string, string> = {}) => {
      const started = performance.now();
      const reply = await client.get(path, headers);
      reads.push({ status: reply.status, started, ended: performance.now() });
      if (reply.status !== 200 && reply.status !== 304) failures.push(`${who}: ${what} answered ${reply.status} ${reply.text}`);
      return reply;
    };

    const load = async ({ client, username, seatId }: (typeof clients)[number]) => {
      let etag: string | undefined;
      const poll = async () => {
        const reply = await read(username, client, 'the seat grid', `/api/events/${eventId}/seats/`, etag ? { 'If-None-Match': etag } : {});
        if (reply.status === 200) etag = reply.headers.get('etag') ?? undefined;
        return reply;
      };
      // api.md: reads see the caller's own earlier writes at once, rebuild or not.
      const expectOwn = async (write: 'lock' | 'unlock') => {
        const reply = await poll();
        if (reply.status === 304) return failures.push(`${username}: after its own ${write} of ${seatId}, the seat grid answered 304`);
        const seat = reply.body?.seats?.find((s: { id: string }) => s.id === seatId);
        const want = write === 'lock' ? { status: 'locked', mine: true } : { status: 'available', mine: false };
        if (seat?.status !== want.status || seat?.mine !== want.mine) failures.push(`${username}: after its own ${write}, ${seatId} read ${JSON.stringify(seat)}`);
      };
      for (let round = 0; round < MAX_ROUNDS_PER_CLIENT && !stop; round++) {
        const locked = await lock(client, eventId, seatId);
        if (locked.status !== 200) failures.push(`${username}: lock ${seatId} answered ${locked.status} ${locked.text}`);
        await expectOwn('lock');
        await poll();
        const list = await read(username, client, 'the event list', '/api/events/');
        if (list.status === 200 && !list.body.events.some((e: { id: string; seatCount: number }) => e.id === eventId && e.seatCount === 120)) {
          failures.push(`${username}: the event list lacked the demo event: ${list.text}`);
        }
        const unlocked = await unlock(client, eventId, seatId);
        if (unlocked.status !== 200) failures.push(`${username}: unlock ${seatId} answered ${unlocked.status} ${unlocked.text}`);
        await expectOwn('unlock');
        rounds++;
        if (round === 0 && ++warmedUp === CLIENTS) allWarm();
      }
    };

    const running = clients.map(load);
    try {
      await warm;
      for (let i = 0; i < REBUILDS; i++) {
        const accepted = await admin.post('/api/admin/projections/rebuild/');
        const acceptedAt = performance.now();
        const rebuild: Rebuild = { accepted, acceptedAt, polled: [], lastRunningAt: acceptedAt };
        rebuilds.push(rebuild);
        if (accepted.status !== 202) break;
        for (let poll = 0; poll < MAX_STATUS_POLLS; poll++) {
          const reply = await admin.get('/api/admin/projections/rebuild/');
          const { status, progress, eventsReplayed } = reply.body?.rebuild ?? { status: `HTTP ${reply.status}` };
          rebuild.polled.push({ status, progress, eventsReplayed });
          if (status !== 'running') break;
          rebuild.lastRunningAt = performance.now();
        }
      }
    } finally {
      stop = true;
      await Promise.all(running);
    }
    historyAfter = await logLength(admin);
    verify = await admin.get('/api/audit/verify/');
    gridAfter = (await server.client().get(`/api/events/${eventId}/seats/`)).body.seats;
  }, 120_000);
  afterAll(() => server.close());

  it('answers 202 to every rebuild request, already reporting it running', () => {
    expect(rebuilds).toHaveLength(REBUILDS);
    for (const { accepted } of rebuilds) {
      expect(accepted.status).toBe(202);
      expect(accepted.body.rebuild).toMatchObject({ status: 'running' });
    }
  });

  it('reports every rebuild "done" at the end, with progress 1 and the whole history replayed', () => {
    for (const { polled } of rebuilds) {
      expect(polled.at(-1)).toEqual({ status: 'done', progress: 1, eventsReplayed: expect.any(Number) });
      expect(polled.at(-1)!.eventsReplayed).toBeGreaterThanOrEqual(historyBefore);
      expect(polled.at(-1)!.eventsReplayed).toBeLessThanOrEqual(historyAfter);
    }
  });

  it('answers every read during the rebuilds with 200 or 304, and every client sees its own writes', () => {
    expect(rounds).toBeGreaterThanOrEqual(CLIENTS);
    expect(failures).toEqual([]);
    expect(reads.filter((r) => r.status !== 200 && r.status !== 304)).toEqual([]);
  });

  it('keeps serving reads while a rebuild is running, and reports its progress meanwhile', () => {
    // While a rebuild runs, a status poll reads "running" (progress from 0 to 1, never going back),
    // and clients' reads are answered in the meantime, not only once it is done.
    const seen = rebuilds.map(({ acceptedAt, polled, lastRunningAt }) => {
      const running = polled.filter((p) => p.status === 'running');
      const progress = running.map((p) => p.progress);
      return {
        progressReported: running.length > 0,
        progressMovesForward: progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= progress[i - 1])),
        readsServedWhileRunning: reads.some((r) => r.started >= acceptedAt && r.ended <= lastRunningAt),
      };
    });
    expect(seen).toEqual(rebuilds.map(() => ({ progressReported: true, progressMovesForward: true, readsServedWhileRunning: true })));
  });

  it('leaves verify consistent afterwards, having replayed every event in the log', () => {
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ consistent: true, eventsReplayed: historyAfter, mismatches: [] });
  });

  it('leaves the seats the clients used free, as everyone sees them', () => {
    expect(seatsUsed.map((id) => [id, gridAfter.find((s) => s.id === id)?.status])).toEqual(seatsUsed.map((id) => [id, 'available']));
  });
});

describe('rebuilding the read models', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  const rebuildAndWait = async (admin: Client): Promise<string> => {
    expect((await admin.post('/api/admin/projections/rebuild/')).status).toBe(202);
    let status = 'running';
    for (let poll = 0; poll < MAX_STATUS_POLLS && status === 'running'; poll++) status = (await admin.get('/api/admin/projections/rebuild/')).body.rebuild.status;
    return status;
  };

  it('gives every reader the same answers after the swap as before: locks with their holder and end, reservations, counts', async () => {
    const admin = await server.as('admin');
    const { client, username } = await newUser(server, 'keeper');
    expect((await lock(client, eventId, 'E12')).status).toBe(200);
    expect((await lock(client, eventId, 'E11')).status).toBe(200);
    expect((await client.post(`/api/events/${eventId}/reserve/`, { seatIds: ['E11'] })).status).toBe(201);
    const look = async () => ({
      grid: (await client.get(`/api/events/${eventId}/seats/`)).body,
      anonymousGrid: (await server.client().get(`/api/events/${eventId}/seats/`)).body,
      events: (await server.client().get('/api/events/')).body,
      reservations: (await client.get('/api/reservations/')).body,
      users: (await admin.get('/api/admin/users/')).body,
    });
    const before = await look();
    expect(await rebuildAndWait(admin)).toBe('done');
    const after = await look();
    expect(after).toEqual(before);
    expect(after.grid.seats.find((s: { id: string }) => s.id === 'E12')).toMatchObject({ status: 'locked', lockedBy: username, mine: true });
  }, 30_000);

});
