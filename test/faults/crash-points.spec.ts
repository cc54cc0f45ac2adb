/**
 * Crash points (issue 6, docs/reliability.md): the BUILT server is started as a child with
 * NODE_ENV=test and TESSERA_CRASH_AT naming a point (apps/api/src/crash-points/crash-points.ts);
 * a request drives it there and the process SIGKILLs itself (the client sees a connection error).
 * Then a server starts again on the same DATA_DIR without the switch, and the test shows:
 *
 *   - every reservation answered before the crash is there and whole;
 *   - no half reservation is visible as confirmed: the users' lists hold only confirmed and
 *     cancelled reservations, every reserved seat of the grid belongs to a confirmed reservation
 *     of the user the grid says it is theirs, and every seat of a confirmed one is reserved;
 *   - what recovery made of the operation in flight (completed or undone: asserted per point,
 *     from the history itself);
 *   - `GET /api/audit/verify/` is consistent.
 *
 * Every test starts from a copy of one base data dir (users logged in, bob's reservation J1+J2
 * answered 201), so a test costs two server starts, not three. The event-cancellation points
 * (`cancel-event.*`) cancel an event the test creates in its copy, and also read the killed
 * server's file with the store itself, to show what the crash left before any recovery ran.
 * `npm test` builds dist/ first; by hand: `npx nest build api && npx jest test/faults/crash-points.spec.ts`.
 */
import { seatStream, showStream } from '@tessera/domain';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '../../apps/api/src/event-store/event-store.port';
import { SqliteEventStore } from '../../apps/api/src/event-store/sqlite/sqlite-event-store';
import { wholeLog, type AuditEntry } from '../support/audit';
import { Client } from '../support/client';
import { appendPastTrafficTo } from '../support/history';
import { SERVER_MAIN, spawnServer, type ServerProcess } from '../support/process';

jest.setTimeout(180_000);

/** Locks that outlive the whole file, so a lock taken early is still live when a later test restores it. */
// LOG_LEVEL=info: the rebuild's progress lines are read from the output.
const ENV = { DEMO_DATA: 'true', SEAT_LOCK_SECONDS: '3600', MAX_SEATS_PER_USER: '10', LOG_LEVEL: 'info' };
const PASSWORDS = { alice: 'alice123', bob: 'bob123', admin: 'admin123', auditor: 'auditor123' } as const;
type Who = keyof typeof PASSWORDS;

interface Reservation {
  id: string;
  seatIds: string[];
  status: string;
  totalPrice: string;
}

interface Seat {
  id: string;
  status: 'available' | 'locked' | 'reserved';
  lockedBy: string | null;
  lockedUntil: string | null;
  mine: boolean;
}

describe('crash points: SIGKILL at a named point, restart on the same data', () => {
  const dirs: string[] = [];
  const running = new Set<ServerProcess>();
  let base: string;
  let eventId: string;
  let clients: Record<Who, Client>;
  /** Answered 201 before any crash; must be whole after every one. */
  let bobs: Reservation;

  const start = async (dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> => {
    const server = await spawnServer({ ...ENV, DATA_DIR: dataDir, ...env }, 60_000);
    running.add(server);
    for (const c of Object.values(clients ?? {})) c.baseUrl = server.url;
    return server;
  };
  const stop = async (server: ServerProcess, signal: NodeJS.Signals = 'SIGTERM') => {
    await server.kill(signal);
    running.delete(server);
  };
  /** A fresh copy of the base data dir (server stopped), with an armed server on it. */
  const armed = async (crashAt: string, prepare?: (dataDir: string) => Promise<void>) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-crash-'));
    dirs.push(dataDir);
    cpSync(base, dataDir, { recursive: true });
    await prepare?.(dataDir);
    const server = await start(dataDir, { TESSERA_CRASH_AT: crashAt });
    return { dataDir, server, closed: closedPromise(server) };
  };

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'tessera-crash-base-'));
    dirs.push(base);
    const server = await spawnServer({ ...ENV, DATA_DIR: base }, 60_000);
    running.add(server);
    eventId = (await new Client(server.url).get('/api/events/')).body.events.find((e: { name: string }) => e.name === 'Concert XYZ').id;
    clients = Object.fromEntries(
      await Promise.all(Object.entries(PASSWORDS).map(async ([who, password]) => [who, await new Client(server.url).login(who, password)])),
    ) as Record<Who, Client>;
    bobs = await lockAndReserve(clients.bob, eventId, ['J1', 'J2']);
    await stop(server);
  });

  afterAll(async () => {
    for (const server of running) await server.kill();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** The invariants every restart must show, plus verify. */
  async function expectCoherent(answered: { who: Who; reservation: Reservation }[]): Promise<void> {
    for (const { who, reservation } of [{ who: 'bob' as Who, reservation: bobs }, ...answered]) {
      const reply = await clients[who].get(`/api/reservations/${reservation.id}/`);
      expect(reply.status).toBe(200);
      expect(reply.body.reservation).toMatchObject({ id: reservation.id, status: 'confirmed', seatIds: reservation.seatIds, totalPrice: reservation.totalPrice });
    }
    const everyConfirmed: string[] = [];
    for (const who of ['alice', 'bob'] as const) {
      const list: Reservation[] = (await clients[who].get('/api/reservations/')).body.reservations;
      expect(list.filter((r) => !['confirmed', 'cancelled'].includes(r.status))).toEqual([]);
      const confirmed = list.filter((r) => r.status === 'confirmed').flatMap((r) => r.seatIds).sort();
      const mine = (await grid(clients[who], eventId)).filter((s) => s.status === 'reserved' && s.mine).map((s) => s.id).sort();
      expect(mine).toEqual(confirmed); // whose the grid says a reserved seat is, is whose confirmed reservation holds it
      everyConfirmed.push(...confirmed);
    }
    const reserved = (await grid(new Client(clients.alice.baseUrl), eventId)).filter((s) => s.status === 'reserved').map((s) => s.id).sort();
    expect(reserved).toEqual(everyConfirmed.sort()); // no seat reserved outside a confirmed reservation, none in two
    await expectVerified(clients.auditor);
  }

  interface SoldShow {
    showId: string;
    /** Confirmed before the cancellation, each with its owner. */
    reservations: { who: Who; reservation: Reservation }[];
    /** Seats under a live lock before the cancellation. */
    locked: string[];
  }

  /**
   * An event of its own (rows A and B of 6 seats), so that Concert XYZ and bob's J1+J2 stay as they
   * were: three confirmed reservations (alice A1+A2 and A5, bob A3+A4) and live locks of both users
   * (alice B1+B2, bob B3).
   */
  async function soldShow(name: string): Promise<SoldShow> {
    const created = await clients.admin.post('/api/admin/events/', {
      name,
      venue: 'Hall C',
      startsAt: '2030-05-01T19:00:00.000Z',
      currency: 'EUR',
      rows: [
        { label: 'A', seats: 6, price: '10.00' },
        { label: 'B', seats: 6, price: '10.00' },
      ],
    });
    if (created.status !== 201) throw new Error(`create event: ${created.status} ${created.text}`);
    const showId: string = created.body.event.id;
    const reservations = [
      { who: 'alice' as Who, reservation: await lockAndReserve(clients.alice, showId, ['A1', 'A2']) },
      { who: 'bob' as Who, reservation: await lockAndReserve(clients.bob, showId, ['A3', 'A4']) },
      { who: 'alice' as Who, reservation: await lockAndReserve(clients.alice, showId, ['A5']) },
    ];
    await lockAll(clients.alice, showId, ['B1', 'B2']);
    await lockAll(clients.bob, showId, ['B3']);
    return { showId, reservations, locked: ['B1', 'B2', 'B3'] };
  }

  /**
   * The end state of a cancellation carried out, whatever crash came first: the event reads
   * cancelled, no seat of it is held, every reservation reads cancelled by the organiser with the
   * reason; the history holds one decision and one completion, each lock ended once, each
   * reservation cancelled once and each of its seats released once; Concert XYZ is untouched,
   * verify is consistent, and a lock is refused. Returns the whole log.
   */
  async function expectCarriedOut(sold: SoldShow, reason: string): Promise<AuditEntry[]> {
    const { showId } = sold;
    expect((await clients.alice.get(`/api/events/${showId}/`)).body.event).toMatchObject({ id: showId, status: 'cancelled', salesOpen: false });
    expect((await grid(clients.alice, showId)).filter((s) => s.status !== 'available')).toEqual([]);
    for (const { who, reservation } of sold.reservations) {
      const seen = (await clients[who].get(`/api/reservations/${reservation.id}/`)).body.reservation;
      expect(seen).toMatchObject({ id: reservation.id, status: 'cancelled', cancelledBy: 'organiser', reason, seatIds: reservation.seatIds });
    }
    const log = await wholeLog(clients.auditor);
    expect(types(log, showStream(showId)).slice(1)).toEqual(['ShowCancelled', 'ShowCancellationCompleted']);
    expect(stream(log, showStream(showId))[1].data).toMatchObject({ reason });
    for (const seat of sold.locked) {
      expect(stream(log, seatStream(showId, seat)).map((e) => [e.type, e.data.reason ?? null])).toEqual([
        ['SeatLocked', null],
        ['SeatReleased', 'event-cancelled'],
      ]);
    }
    // One ReservationCancelled per reservation; each seat of it released once, for it.
    const cancellations = cancellationsOf(log, sold);
    expect(cancellations.map((e) => e.data.reservationId).sort()).toEqual(sold.reservations.map((r) => r.reservation.id).sort());
    for (const e of cancellations) expect(e.data).toMatchObject({ cancelledBy: 'organiser', reason });
    for (const { reservation } of sold.reservations) {
      for (const seat of reservation.seatIds) {
        const releases = stream(log, seatStream(showId, seat)).filter((e) => e.type === 'SeatReleased');
        expect(releases.map((e) => [e.data.reason, e.data.reservationId])).toEqual([['cancelled', reservation.id]]);
      }
    }
    await expectCoherent([]); // Concert XYZ: bob's J1+J2 and the grid as they were; verify consistent
    const before = log.length;
    const refused = await clients.bob.post(`/api/events/${showId}/seats/A6/lock/`);
    expect([refused.status, refused.body.code]).toEqual([409, 'event_cancelled']);
    expect((await wholeLog(clients.auditor)).length).toBe(before); // nothing recorded
    return log;
  }

  it('reserve.seat-reserved:2 of 3 (between the seat appends): recovery fails the attempt, hands both seats back and restores the locks; a retry with the key then reserves', async () => {
    const { dataDir, server, closed } = await armed('reserve.seat-reserved:2');
    const locks = await lockAll(clients.alice, eventId, ['A1', 'A2', 'A3']);
    await expectCrash(clients.alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['A1', 'A2', 'A3'] }, { 'Idempotency-Key': 'crash-1' }), server, closed, 'reserve.seat-reserved:2');

    await start(dataDir);
    const log = await wholeLog(clients.auditor);
    const id = reservationIdOf(log, 'crash-1');
    // In flight: ReservationRequested, SeatsReserved on A1 and A2. Recovery (user "system"): failed, then handed back.
    expect(types(log, `reservation-${id}`)).toEqual(['ReservationRequested', 'ReservationFailed']);
    expect(stream(log, `reservation-${id}`)[1]).toMatchObject({ data: { recovered: true }, metadata: { userId: 'system' } });
    for (const seat of ['A1', 'A2']) {
      const tail = stream(log, seatStream(eventId, seat)).slice(-3);
      expect(tail.map((e) => [e.type, e.data.reason ?? null, e.metadata.userId === 'system'])).toEqual([
        ['SeatsReserved', null, false],
        ['SeatReleased', 'reservation-failed', true],
        ['SeatLocked', null, true], // the caller's lock, restored until its original end
      ]);
      expect(tail[2].data.lockedUntil).toBe(locks[seat]);
    }
    expect(types(log, seatStream(eventId, 'A3'))).toEqual(['SeatLocked']); // never reached
    // Nothing of it is visible: no reservation, the three seats held by alice as before, until the same ends.
    expect((await clients.alice.get(`/api/reservations/${id}/`)).status).toBe(404);
    const seats = await grid(clients.alice, eventId, ['A1', 'A2', 'A3']);
    expect(seats.map((s) => [s.id, s.status, s.mine, s.lockedUntil])).toEqual(['A1', 'A2', 'A3'].map((s) => [s, 'locked', true, locks[s]]));
    await expectCoherent([]);

    // The client retries as it was told to: the same key opens attempt 2, which reserves the restored locks.
    const retry = await clients.alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['A1', 'A2', 'A3'] }, { 'Idempotency-Key': 'crash-1' });
    expect(retry.status).toBe(201);
    expect(retry.body.reservation).toMatchObject({ id, status: 'confirmed', seatIds: ['A1', 'A2', 'A3'] });
    await expectCoherent([{ who: 'alice', reservation: retry.body.reservation }]);
  });

  it('reserve.seat-reserved:3 of 3 (every seat taken, no outcome yet): recovery confirms it; a retry with the key answers 200 with it', async () => {
    const { dataDir, server, closed } = await armed('reserve.seat-reserved:3');
    await lockAll(clients.alice, eventId, ['B1', 'B2', 'B3']);
    await expectCrash(clients.alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['B1', 'B2', 'B3'] }, { 'Idempotency-Key': 'crash-2' }), server, closed, 'reserve.seat-reserved:3');

    await start(dataDir);
    const log = await wholeLog(clients.auditor);
    const id = reservationIdOf(log, 'crash-2');
    expect(types(log, `reservation-${id}`)).toEqual(['ReservationRequested', 'ReservationConfirmed']);
    expect(stream(log, `reservation-${id}`)[1].metadata.userId).toBe('system'); // recovery decided it
    const list: Reservation[] = (await clients.alice.get('/api/reservations/')).body.reservations;
    expect(list.find((r) => r.id === id)).toMatchObject({ status: 'confirmed', seatIds: ['B1', 'B2', 'B3'], totalPrice: '150.00' });
    await expectCoherent([]);

    const retry = await clients.alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['B1', 'B2', 'B3'] }, { 'Idempotency-Key': 'crash-2' });
    expect(retry.status).toBe(200);
    expect(retry.body.reservation).toMatchObject({ id, status: 'confirmed' });
    await expectCoherent([{ who: 'alice', reservation: retry.body.reservation }]);
  });

  it('reserve.confirmed (outcome appended, before the projection and the 201): recovery has nothing to do, the reservation stands; a retry answers 200', async () => {
    const { dataDir, server, closed } = await armed('reserve.confirmed');
    await lockAll(clients.alice, eventId, ['C1', 'C2']);
    await expectCrash(clients.alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['C1', 'C2'] }, { 'Idempotency-Key': 'crash-3' }), server, closed, 'reserve.confirmed:1');

    await start(dataDir);
    const log = await wholeLog(clients.auditor);
    const id = reservationIdOf(log, 'crash-3');
    expect(types(log, `reservation-${id}`)).toEqual(['ReservationRequested', 'ReservationConfirmed']);
    expect(log.filter((e) => e.metadata.userId === 'system' && e.stream.includes(id))).toEqual([]); // the attempt itself decided
    const retry = await clients.alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['C1', 'C2'] }, { 'Idempotency-Key': 'crash-3' });
    expect(retry.status).toBe(200);
    expect(retry.body.reservation).toMatchObject({ id, status: 'confirmed', seatIds: ['C1', 'C2'] });
    await expectCoherent([{ who: 'alice', reservation: retry.body.reservation }]);
  });

  it('lock.appended (a lock appended, before the projection and the 200): the lock stands after the restart; a retry answers it unchanged', async () => {
    const { dataDir, server, closed } = await armed('lock.appended');
    await expectCrash(clients.alice.post(`/api/events/${eventId}/seats/D5/lock/`), server, closed, 'lock.appended:1');

    await start(dataDir);
    const log = await wholeLog(clients.auditor);
    const locked = stream(log, seatStream(eventId, 'D5'));
    expect(locked.map((e) => e.type)).toEqual(['SeatLocked']);
    const [seat] = await grid(clients.alice, eventId, ['D5']);
    expect(seat).toMatchObject({ status: 'locked', mine: true, lockedBy: 'alice', lockedUntil: locked[0].data.lockedUntil });
    const retry = await clients.alice.post(`/api/events/${eventId}/seats/D5/lock/`);
    expect(retry.status).toBe(200);
    expect(retry.body.seat).toMatchObject({ status: 'locked', mine: true, lockedUntil: locked[0].data.lockedUntil }); // not extended, not doubled
    expect(types(await wholeLog(clients.auditor), seatStream(eventId, 'D5'))).toEqual(['SeatLocked']);
    await expectCoherent([]);
  });

  it('cancel.cancelled (cancellation recorded, no seat released yet): recovery releases both seats', async () => {
    const { dataDir, server, closed } = await armed('cancel.cancelled');
    const reservation = await lockAndReserve(clients.alice, eventId, ['E1', 'E2']);
    await expectCrash(clients.alice.post(`/api/reservations/${reservation.id}/cancel/`), server, closed, 'cancel.cancelled:1');

    await start(dataDir);
    const log = await wholeLog(clients.auditor);
    expect(types(log, `reservation-${reservation.id}`)).toEqual(['ReservationRequested', 'ReservationConfirmed', 'ReservationCancelled.v2']);
    for (const seat of ['E1', 'E2']) {
      const last = stream(log, seatStream(eventId, seat)).at(-1)!;
      expect(last).toMatchObject({ type: 'SeatReleased', data: { reason: 'cancelled', reservationId: reservation.id }, metadata: { userId: 'system' } });
    }
    expect((await clients.alice.get(`/api/reservations/${reservation.id}/`)).body.reservation).toMatchObject({ status: 'cancelled' });
    expect((await grid(clients.alice, eventId, ['E1', 'E2'])).map((s) => s.status)).toEqual(['available', 'available']);
    await expectCoherent([]);
  });

  it('cancel.seat-released:1 of 2 (half the seats released): recovery releases the other one', async () => {
    const { dataDir, server, closed } = await armed('cancel.seat-released:1');
    const reservation = await lockAndReserve(clients.alice, eventId, ['E5', 'E6']);
    await expectCrash(clients.alice.post(`/api/reservations/${reservation.id}/cancel/`), server, closed, 'cancel.seat-released:1');

    await start(dataDir);
    const log = await wholeLog(clients.auditor);
    expect(stream(log, seatStream(eventId, 'E5')).at(-1)).toMatchObject({ type: 'SeatReleased', data: { reason: 'cancelled' }, metadata: { userId: await me(clients.alice) } });
    expect(stream(log, seatStream(eventId, 'E6')).at(-1)).toMatchObject({ type: 'SeatReleased', data: { reason: 'cancelled' }, metadata: { userId: 'system' } });
    expect((await grid(clients.alice, eventId, ['E5', 'E6'])).map((s) => s.status)).toEqual(['available', 'available']);
    expect((await clients.alice.get(`/api/reservations/${reservation.id}/`)).body.reservation).toMatchObject({ status: 'cancelled' });
    await expectCoherent([]);
  });

  it('reserve.seat-reserved:1, then reserve.failed during the recovery itself: the next start hands the seat back', async () => {
    const { dataDir, server, closed } = await armed('reserve.seat-reserved:1');
    const locks = await lockAll(clients.alice, eventId, ['F1', 'F2']);
    await expectCrash(clients.alice.post(`/api/events/${eventId}/reserve/`, { seatIds: ['F1', 'F2'] }, { 'Idempotency-Key': 'crash-7' }), server, closed, 'reserve.seat-reserved:1');

    // The second start runs recovery before it listens: it records ReservationFailed and dies before the hand-back.
    const second = await runUntilExit({ ...ENV, DATA_DIR: dataDir, TESSERA_CRASH_AT: 'reserve.failed' });
    expect(second.signal).toBe('SIGKILL');
    expect(second.output).toContain('crash point reserve.failed:1 reached');
    expect(second.output).not.toMatch(/listening on/);

    await start(dataDir);
    const log = await wholeLog(clients.auditor);
    const id = reservationIdOf(log, 'crash-7');
    expect(types(log, `reservation-${id}`)).toEqual(['ReservationRequested', 'ReservationFailed']); // failed once, by the second start
    expect(stream(log, seatStream(eventId, 'F1')).slice(-3).map((e) => [e.type, e.data.reason ?? null])).toEqual([
      ['SeatsReserved', null],
      ['SeatReleased', 'reservation-failed'],
      ['SeatLocked', null],
    ]);
    expect(types(log, seatStream(eventId, 'F2'))).toEqual(['SeatLocked']);
    const seats = await grid(clients.alice, eventId, ['F1', 'F2']);
    expect(seats.map((s) => [s.status, s.mine, s.lockedUntil])).toEqual([
      ['locked', true, locks.F1],
      ['locked', true, locks.F2],
    ]);
    await expectCoherent([]);
  });

  it('rebuild.page:1 (half the history replayed into scratch, nothing swapped in): the restart rebuilds from history; a rebuild then completes', async () => {
    let total = 0;
    const { dataDir, server, closed } = await armed('rebuild.page:1', async (copy) => {
      // A history of about 2,000 events, so that the first page (1,000) is half of it: lock/unlock
      // pairs decided by the seat decider on rows G-H, appended to the stopped server's file.
      const store = SqliteEventStore.open(join(copy, 'events.sqlite'));
      try {
        const before = (await store.readAll(undefined, 100_000)).length;
        const seats = 'GH'.split('').flatMap((row) => Array.from({ length: 12 }, (_, i) => `${row}${i + 1}`));
        const pairs = Math.ceil((2000 - before) / (2 * seats.length));
        await appendPastTrafficTo(store, new Date(), eventId, seats, pairs, { id: await me(clients.bob), username: 'bob' });
        total = (await store.readAll(undefined, 100_000)).length;
      } finally {
        await store.close();
      }
    });
    expect(total / 1000).toBeGreaterThanOrEqual(2);
    expect(total / 1000).toBeLessThan(2.2);
    const before = await grid(clients.alice, eventId);
    // The 202 is sent before the rebuild starts; the crash follows. Either way the process dies.
    await clients.admin.post('/api/admin/projections/rebuild/').catch(() => undefined);
    await expectDied(server, closed, 'rebuild.page:1');
    expect(server.output()).toMatch(/rebuild (4\d|5\d)%: 1000 events replayed/); // half the history was in scratch

    await start(dataDir);
    expect((await clients.admin.get('/api/admin/projections/rebuild/')).body.rebuild).toMatchObject({ status: 'idle' });
    expect(await grid(clients.alice, eventId)).toEqual(before);
    await expectCoherent([]);
    expect((await clients.admin.post('/api/admin/projections/rebuild/')).status).toBe(202);
    await poll(async () => (await clients.admin.get('/api/admin/projections/rebuild/')).body.rebuild.status === 'done', 60_000);
    expect((await clients.admin.get('/api/admin/projections/rebuild/')).body.rebuild).toMatchObject({ status: 'done', eventsReplayed: total, progress: 1 });
    expect(await grid(clients.alice, eventId)).toEqual(before);
    await expectCoherent([]);
  });

  it('admin-release.seat-released (seat released, reservation not yet told): recovery records the release in the reservation', async () => {
    const { dataDir, server, closed } = await armed('admin-release.seat-released');
    const reservation = await lockAndReserve(clients.alice, eventId, ['I1', 'I2']);
    await expectCrash(clients.admin.post(`/api/admin/events/${eventId}/seats/I1/release/`), server, closed, 'admin-release.seat-released:1');

    await start(dataDir);
    const log = await wholeLog(clients.auditor);
    expect(stream(log, seatStream(eventId, 'I1')).at(-1)).toMatchObject({ type: 'SeatReleased', data: { reason: 'admin', reservationId: reservation.id } });
    const told = stream(log, `reservation-${reservation.id}`).at(-1)!;
    expect(told).toMatchObject({ type: 'ReservationSeatReleased', data: { seatId: 'I1' }, metadata: { userId: 'system' } });
    expect((await clients.alice.get(`/api/reservations/${reservation.id}/`)).body.reservation).toMatchObject({ status: 'confirmed', seatIds: ['I2'], totalPrice: '50.00' });
    expect((await grid(clients.alice, eventId, ['I1', 'I2'])).map((s) => [s.status, s.mine])).toEqual([
      ['available', false],
      ['reserved', true],
    ]);
    await expectCoherent([]);
  });

  it('cancel-event.recorded (the decision recorded, nothing carried out): the restart ends every lock, cancels every reservation for the organiser and completes the cancellation once', async () => {
    const { dataDir, server, closed } = await armed('cancel-event.recorded');
    const sold = await soldShow('Crash night 1');
    await expectCrash(clients.admin.post(`/api/admin/events/${sold.showId}/cancel/`, { reason: 'The stage collapsed' }), server, closed, 'cancel-event.recorded:1');

    // What the crash left behind, read from the file before any recovery: the decision, and nothing of it carried out.
    const left = await storedHistory(dataDir);
    expect(left.filter((e) => e.stream === showStream(sold.showId)).map((e) => e.type).slice(1)).toEqual(['ShowCancelled']);
    expect(left.filter((e) => e.stream.startsWith(seatStream(sold.showId, '')) && e.type === 'SeatReleased')).toEqual([]);
    expect(cancellationsOf(left, sold)).toEqual([]);

    await start(dataDir);
    const log = await expectCarriedOut(sold, 'The stage collapsed');
    // Recovery did all of it, at start-up: every release and cancellation is the system's.
    expect(log.filter((e) => e.stream === showStream(sold.showId)).map((e) => [e.type, e.metadata.userId]).slice(1)).toEqual([
      ['ShowCancelled', await me(clients.admin)],
      ['ShowCancellationCompleted', 'system'],
    ]);
    expect(cancellationsOf(log, sold).map((e) => e.metadata.userId)).toEqual(['system', 'system', 'system']);
  });

  it('cancel-event.reservation-cancelled:2 of 3 (two reservations finished, no completion): the restart completes the cancellation once, no reservation cancelled twice, no seat released twice', async () => {
    const { dataDir, server, closed } = await armed('cancel-event.reservation-cancelled:2');
    const sold = await soldShow('Crash night 2');
    await expectCrash(clients.admin.post(`/api/admin/events/${sold.showId}/cancel/`, { reason: 'The band split up' }), server, closed, 'cancel-event.reservation-cancelled:2');

    // What the crash left behind, before any recovery: the decision, every lock ended (the seats are
    // read before any reservation is cancelled), no completion. Reservations are cancelled 32 at a
    // time (show-cancellation.ts), so by the time the second had its seats freed the third's
    // ReservationCancelled had long been recorded (the three share one group commit): the point
    // cannot leave "two of three" decided, only the completion missing.
    const left = await storedHistory(dataDir);
    expect(left.filter((e) => e.stream === showStream(sold.showId)).map((e) => e.type).slice(1)).toEqual(['ShowCancelled']);
    for (const seat of sold.locked) expect(left.filter((e) => e.stream === seatStream(sold.showId, seat)).at(-1)).toMatchObject({ type: 'SeatReleased', data: { reason: 'event-cancelled' } });
    expect(cancellationsOf(left, sold)).toHaveLength(sold.reservations.length);

    await start(dataDir);
    const log = await expectCarriedOut(sold, 'The band split up');
    expect(stream(log, showStream(sold.showId)).at(-1)).toMatchObject({ type: 'ShowCancellationCompleted', metadata: { userId: 'system' } });
    expect(cancellationsOf(log, sold).map((e) => e.metadata.userId)).toEqual(Array(3).fill(await me(clients.admin))); // none again by recovery
  });

  it('cancel.seat-released:2 inside an event cancellation (reservations cancelled, some of their seats still reserved): the restart frees the rest, each seat once', async () => {
    const { dataDir, server, closed } = await armed('cancel.seat-released:2');
    const sold = await soldShow('Crash night 3');
    await expectCrash(clients.admin.post(`/api/admin/events/${sold.showId}/cancel/`, { reason: 'The roof leaks' }), server, closed, 'cancel.seat-released:2');

    // Half done, before any recovery: every reservation recorded cancelled, but not every seat of them freed.
    const left = await storedHistory(dataDir);
    expect(left.filter((e) => e.stream === showStream(sold.showId)).map((e) => e.type).slice(1)).toEqual(['ShowCancelled']);
    expect(cancellationsOf(left, sold)).toHaveLength(3);
    const reservedSeats = sold.reservations.flatMap((r) => r.reservation.seatIds);
    const freed = left.filter((e) => e.type === 'SeatReleased' && reservedSeats.some((seat) => e.stream === seatStream(sold.showId, seat)));
    expect(freed.length).toBeGreaterThanOrEqual(2);
    expect(freed.length).toBeLessThan(reservedSeats.length);

    await start(dataDir);
    const log = await expectCarriedOut(sold, 'The roof leaks');
    const byRecovery = log.filter((e) => e.type === 'SeatReleased' && e.metadata.userId === 'system' && reservedSeats.some((seat) => e.stream === seatStream(sold.showId, seat)));
    expect(byRecovery).toHaveLength(reservedSeats.length - freed.length);
  });

  it('is never armed in production: with NODE_ENV=production and TESSERA_CRASH_AT set, lock, reserve, cancel and rebuild pass every point alive', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-crash-prod-'));
    dirs.push(dataDir);
    const production = { ...ENV, DATA_DIR: dataDir, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(48), COOKIE_SECURE: 'false' };
    for (const [i, point] of ['lock.appended', 'reserve.seat-reserved', 'cancel.cancelled', 'rebuild.page'].entries()) {
      const server = await spawnServer({ ...production, TESSERA_CRASH_AT: point }, 60_000);
      running.add(server);
      const id = await demoEventId(server.url);
      const alice = await new Client(server.url).login('alice', 'alice123');
      const admin = await new Client(server.url).login('admin', 'admin123');
      // Through lock.appended, reserve.seat-reserved (twice), reserve.confirmed, cancel.cancelled, cancel.seat-released (twice).
      const reservation = await lockAndReserve(alice, id, [`A${i + 1}`, `B${i + 1}`]);
      expect((await alice.post(`/api/reservations/${reservation.id}/cancel/`)).status).toBe(200);
      // Through admin-release.seat-released, then rebuild.page.
      const kept = await lockAndReserve(alice, id, [`C${i + 1}`, `D${i + 1}`]);
      expect((await admin.post(`/api/admin/events/${id}/seats/C${i + 1}/release/`)).status).toBe(200);
      expect((await admin.post('/api/admin/projections/rebuild/')).status).toBe(202);
      await poll(async () => (await admin.get('/api/admin/projections/rebuild/')).body.rebuild.status === 'done', 60_000);
      expect((await alice.get(`/api/reservations/${kept.id}/`)).body.reservation).toMatchObject({ status: 'confirmed', seatIds: [`D${i + 1}`] });
      expect(server.child.exitCode).toBeNull();
      expect(server.child.signalCode).toBeNull();
      expect(server.output()).not.toContain('crash point');
      await stop(server);
    }
  });
});

// ---------------------------------------------------------------------------------------------

async function demoEventId(url: string): Promise<string> {
  return (await new Client(url).get('/api/events/')).body.events.find((e: { name: string }) => e.name === 'Concert XYZ').id;
}

/** Locks each seat (200 expected); returns each lock's end. */
async function lockAll(client: Client, eventId: string, seatIds: string[]): Promise<Record<string, string>> {
  const ends: Record<string, string> = {};
  for (const seat of seatIds) {
    const reply = await client.post(`/api/events/${eventId}/seats/${seat}/lock/`);
    if (reply.status !== 200) throw new Error(`lock ${seat}: ${reply.status} ${reply.text}`);
    ends[seat] = reply.body.seat.lockedUntil;
  }
  return ends;
}

/** Locks and reserves (201 expected). */
async function lockAndReserve(client: Client, eventId: string, seatIds: string[]): Promise<Reservation> {
  await lockAll(client, eventId, seatIds);
  const reply = await client.post(`/api/events/${eventId}/reserve/`, { seatIds });
  if (reply.status !== 201) throw new Error(`reserve ${seatIds}: ${reply.status} ${reply.text}`);
  return reply.body.reservation;
}

async function grid(client: Client, eventId: string, only?: string[]): Promise<Seat[]> {
  const reply = await client.get(`/api/events/${eventId}/seats/`);
  if (reply.status !== 200) throw new Error(`grid: ${reply.status} ${reply.text}`);
  const seats: Seat[] = reply.body.seats.map(({ id, status, lockedBy, lockedUntil, mine }: Seat) => ({ id, status, lockedBy, lockedUntil, mine }));
  return only ? only.map((id) => seats.find((s) => s.id === id)!) : seats;
}

async function me(client: Client): Promise<string> {
  const reply = await client.get('/api/me/');
  if (reply.status !== 200) throw new Error(`me: ${reply.status} ${reply.text}`);
  return reply.body.user.id;
}

async function expectVerified(auditor: Client): Promise<void> {
  const reply = await auditor.get('/api/audit/verify/');
  expect(reply.status).toBe(200);
  expect(reply.body).toMatchObject({ consistent: true, mismatches: [] });
}

const stream = (log: AuditEntry[], name: string): AuditEntry[] => log.filter((e) => e.stream === name);
const types = (log: AuditEntry[], name: string): string[] => stream(log, name).map((e) => e.type);

/** Every ReservationCancelled.v2 (as stored) of the show's reservations, in history order; works on the audit log and on the store's own records. */
function cancellationsOf<E extends { type: string; data: unknown }>(history: E[], sold: { reservations: { reservation: Reservation }[] }): (E & { data: any })[] {
  const ids = new Set(sold.reservations.map((r) => r.reservation.id));
  return history.filter((e): e is E & { data: any } => e.type === 'ReservationCancelled.v2' && ids.has((e.data as { reservationId: string }).reservationId));
}

/** The whole history of a stopped (or killed) server's data dir, read with the store itself, before any recovery ran on it. */
async function storedHistory(dataDir: string): Promise<RecordedEvent[]> {
  const store = SqliteEventStore.open(join(dataDir, 'events.sqlite'));
  try {
    return await store.readAll(undefined, 100_000);
  } finally {
    await store.close();
  }
}

/** The reservation a keyed request opened (the client never heard its id). */
function reservationIdOf(log: AuditEntry[], key: string): string {
  const requested = log.filter((e) => e.type === 'ReservationRequested' && e.data.idempotencyKey === key);
  expect(requested.length).toBeGreaterThanOrEqual(1);
  return requested[0].data.reservationId;
}

/** Resolves once the child's stdio is closed too (so its last stderr line has been read). */
function closedPromise(server: ServerProcess): Promise<void> {
  return new Promise((resolve) => server.child.once('close', () => resolve()));
}

async function expectDied(server: ServerProcess, closed: Promise<void>, point: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the server did not die at ${point}:\n${server.output()}`)), 30_000)))]);
  clearTimeout(timer);
  expect(server.child.signalCode).toBe('SIGKILL');
  expect(server.output()).toContain(`crash point ${point} reached: SIGKILL`);
}

/** The request reaches the point: the process dies under it and the client sees a connection error, not an answer. */
async function expectCrash(request: Promise<unknown>, server: ServerProcess, closed: Promise<void>, point: string): Promise<void> {
  await expect(request).rejects.toThrow();
  await expectDied(server, closed, point);
}

/** Starts the built server and waits for it to exit (a crash during start-up recovery, before it listens). */
function runUntilExit(env: Record<string, string>, timeoutMs = 60_000): Promise<{ signal: NodeJS.Signals | null; code: number | null; output: string }> {
  const child = spawn(process.execPath, [SERVER_MAIN], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server neither died nor exited within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** Polls `check` until it holds (bounded, no fixed sleep beyond a short back-off). */
async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; !(await check()); wait = Math.min(wait * 2, 500)) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
