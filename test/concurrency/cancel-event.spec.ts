/**
 * Cancelling an event while its buyers keep buying (issue 17, docs/box-office.md "Whether a show
 * sells"): 20 real HTTP clients hold and reserve seats of a fresh event; then, at the same instant,
 * the admin cancels it while every buyer keeps firing lock, best available and reserve requests
 * until the cancel answers, and a few more after. A seat's stream cannot see the show's, so each
 * sale asks the show's stream again after it was recorded, and the cancellation reads every seat
 * after recording its decision; this test is the proof that between the two nothing survives:
 *
 *   - every request answered after the cancel's 200 is 409 `event_cancelled`, and every lock or
 *     reservation answered as taken was recorded before ShowCancelled;
 *   - once everything is answered, no seat is held and every reservation of the event reads
 *     cancelled by the organiser; every SeatLocked recorded after ShowCancelled is followed by a
 *     SeatReleased of its seat; verify is consistent; a second cancel is 409 `event_cancelled`.
 *
 * It prints how long the cancel took and how many reservations it met (not asserted:
 * scripts/measure-cancel.mjs measures a 10,000-seat event).
 */
import { seatStream, showStream } from '@tessera/domain';
import { performance } from 'node:perf_hooks';
import { EVENT_STORE, type EventStore } from '../../apps/api/src/event-store/event-store.port';
import { ReadModels } from '../../apps/api/src/projections/read-models';
import { wholeLog, type AuditEntry } from '../support/audit';
import type { Client, Reply } from '../support/client';
import { expectProblem } from '../support/problem';
import { grid, lockAll, lockAndReserve } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

const BUYERS = 20;
/** Requests each buyer still sends after the cancel answered. */
const AFTER = 3;
const REASON = 'The headliner is ill';
const ROWS = 'ABCDEFGHIJ'.split('');
const SEATS_PER_ROW = 12;
/** The event's seats in map order: A1..A12, B1.., J12 (120). */
const SEATS = ROWS.flatMap((row) => Array.from({ length: SEATS_PER_ROW }, (_, i) => `${row}${i + 1}`));
/** Seats 0-59 are the buyers' before the race (3 each); 60-119 are raced for. */
const RACED = SEATS.slice(60);

type Kind = 'lock' | 'best-available' | 'reserve';

/** One request of the race, as its client saw it (times: performance.now()). */
interface Answered {
  buyer: number;
  kind: Kind;
  sentAt: number;
  answeredAt: number;
  status: number;
  code: string | undefined;
  /** Seats answered as locked (lock, best available: 200). */
  locked: string[];
  /** The reservation answered as made (reserve: 201). */
  reservationId: string | undefined;
}

interface Buyer {
  client: Client;
  username: string;
  /** The 3 seats given to this buyer before the race. */
  own: string[];
}

describe('cancelling an event while 20 buyers keep buying', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The buyers fire requests back to back: far past the per-user lock rate a person meets.
    server = await startServer({ MAX_SEATS_PER_USER: '10', LOCK_RATE_PER_SECOND: '100000', LOCK_RATE_PER_MINUTE: '1000000' });
  });
  afterAll(() => server.close());

  it('answers every sale after the cancel 409 event_cancelled, and leaves no lock and no reservation of the event standing', async () => {
    const admin = await server.as('admin');
    const auditor = await server.as('auditor');
    const eventId = await newEvent(admin);
    const buyers = await Promise.all(Array.from({ length: BUYERS }, async (_, i) => ({ ...(await newUser(server, 'fan')), own: SEATS.slice(3 * i, 3 * i + 3) })));

    // Before: every buyer holds 3 seats; every other one has reserved them (10 reservations, 30 locks).
    const before = await Promise.all(buyers.map((b, i) => (i % 2 === 0 ? lockAndReserve(b.client, eventId, b.own) : lockAll(b.client, eventId, b.own))));
    const reservedBefore = before.filter((r) => r !== undefined).length;
    expect(reservedBefore).toBe(BUYERS / 2);

    // The race: the cancel and every buyer's loop start in the same tick.
    let cancelAnsweredAt = Number.POSITIVE_INFINITY;
    const cancelSentAt = performance.now();
    let seenAtCancel: Promise<{ held: string[]; confirmed: string[] }> | undefined;
    const cancelling = admin.post(`/api/admin/events/${eventId}/cancel/`, { reason: REASON }).then((reply) => {
      cancelAnsweredAt = performance.now();
      seenAtCancel = whatStands(admin, eventId); // what the admin who got the 200 sees at once
      return reply;
    });
    const cancelled = () => cancelAnsweredAt !== Number.POSITIVE_INFINITY;
    const [cancel, ...loops] = await Promise.all([cancelling, ...buyers.map((b, i) => keepBuying(b, i, eventId, cancelled))]);
    const answers = loops.flat();
    const late = answers.filter((a) => a.answeredAt > cancelAnsweredAt);
    const made = answers.flatMap((a) => (a.reservationId ? [a.reservationId] : []));
    console.log(
      `cancel with ${BUYERS} buyers racing: answered in ${Math.round(cancelAnsweredAt - cancelSentAt)} ms with ${reservedBefore + made.length} reservations made ` +
        `(${reservedBefore} before the race, ${made.length} during it) and ${BUYERS / 2} buyers' locks live; ${answers.length} racing requests, ` +
        `${late.length} answered after the cancel (${late.filter((a) => a.sentAt < cancelAnsweredAt).length} of them sent before it)`,
    );

    expect(cancel.status).toBe(200);
    expect(cancel.body.event).toMatchObject({ id: eventId, status: 'cancelled', salesOpen: false });
    expect(answers.filter((a) => ![200, 201, 409].includes(a.status)).map(summary)).toEqual([]); // no 5xx, no 429, no 400
    expect(late.length).toBeGreaterThanOrEqual(BUYERS * AFTER);
    expect(late.filter((a) => a.status !== 409 || a.code !== 'event_cancelled').map(summary)).toEqual([]);

    // The 200 waited for the whole process: at that moment no booking read confirmed and no seat was held.
    expect(await seenAtCancel).toEqual({ held: [], confirmed: [] });

    // Once every request is answered and the read models hold the whole history:
    await caughtUp(server);
    const seats = await grid(admin, eventId);
    expect(seats.filter((s) => s.status !== 'available').map((s) => `${s.id} ${s.status}`)).toEqual([]);
    const lockedAnswers = answers.flatMap((a) => a.locked);
    expect(lockedAnswers.filter((seatId) => seats.find((s) => s.id === seatId)?.status !== 'available')).toEqual([]); // no lock answered 200 is still live

    const reservations = (await Promise.all(buyers.map(async (b) => (await b.client.get('/api/reservations/')).body.reservations)))
      .flat()
      .filter((r: { eventId: string }) => r.eventId === eventId);
    expect(reservations.length).toBeGreaterThanOrEqual(reservedBefore + made.length);
    for (const r of reservations) expect(r).toMatchObject({ status: 'cancelled', cancelledBy: 'organiser', reason: REASON });
    expect(made.filter((id) => !reservations.some((r: { id: string }) => r.id === id))).toEqual([]);

    const log = await wholeLog(auditor);
    const decided = log.findIndex((e) => e.stream === showStream(eventId) && e.type === 'ShowCancelled');
    expect(decided).toBeGreaterThan(-1);
    expect(log.filter((e) => e.stream === showStream(eventId)).map((e) => e.type).slice(1)).toEqual(['ShowCancelled', 'ShowCancellationCompleted']);
    // No lock nor reservation answered as taken was recorded after the decision. (The test's clock
    // stands still, so every lock has the same end: a lock answered 200 is matched by counting, per
    // seat and buyer, the SeatLocked recorded before the decision; no buyer here locks a seat it holds.)
    const answeredLocks = new Map<string, number>();
    for (const key of answers.flatMap((a) => a.locked.map((seatId) => `${seatId} ${buyers[a.buyer].username}`))) answeredLocks.set(key, (answeredLocks.get(key) ?? 0) + 1);
    const recordedBefore = (key: string) => {
      const [seatId, username] = key.split(' ');
      return log.slice(0, decided).filter((e) => e.stream === seatStream(eventId, seatId) && e.type === 'SeatLocked' && e.data.username === username).length;
    };
    expect([...answeredLocks].filter(([key, n]) => n > recordedBefore(key)).map(([key, n]) => `${key}: ${n} answered 200, ${recordedBefore(key)} recorded before ShowCancelled`)).toEqual([]);
    const confirmedAfter = made.filter((id) => !log.slice(0, decided).some((e) => e.stream === `reservation-${id}` && e.type === 'ReservationConfirmed'));
    expect(confirmedAfter).toEqual([]);
    expect(unreleasedLocksAfter(log, decided, eventId)).toEqual([]);

    const verify = await auditor.get('/api/audit/verify/');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ consistent: true, mismatches: [] });
    expectProblem(await admin.post(`/api/admin/events/${eventId}/cancel/`, { reason: 'Again' }), 409, 'event_cancelled');
  });
});

// ---------------------------------------------------------------------------------------------

/** A fresh event of rows A-J of 12 seats, so this race shares no seat with another test. */
async function newEvent(admin: Client): Promise<string> {
  const reply = await admin.post('/api/admin/events/', {
    name: uniqueName('Cancelled night'),
    venue: 'Hall R',
    startsAt: '2030-04-01T19:00:00.000Z',
    currency: 'EUR',
    rows: ROWS.map((label) => ({ label, seats: SEATS_PER_ROW, price: '20.00' })),
  });
  if (reply.status !== 201) throw new Error(`create event: ${reply.status} ${reply.text}`);
  return reply.body.event.id;
}

/**
 * One buyer, back to back: lock a raced seat, ask for the best 2, reserve what it holds (or, holding
 * nothing from the race, its own 3 seats), round and round until the cancel has answered, then
 * AFTER more requests.
 */
async function keepBuying(buyer: Buyer, index: number, eventId: string, cancelled: () => boolean): Promise<Answered[]> {
  const answers: Answered[] = [];
  let held: string[] = [];
  for (let n = 0, after = 0; after < AFTER; n++) {
    if (cancelled()) after++;
    const kind = (['lock', 'best-available', 'reserve'] as const)[(n + index) % 3];
    const sentAt = performance.now();
    let reply: Reply;
    if (kind === 'lock') reply = await buyer.client.post(`/api/events/${eventId}/seats/${RACED[(index * 7 + n * 13) % RACED.length]}/lock/`);
    else if (kind === 'best-available') reply = await buyer.client.post(`/api/events/${eventId}/best-available/`, { count: 2 });
    else reply = await buyer.client.post(`/api/events/${eventId}/reserve/`, { seatIds: held.length ? held : buyer.own });
    const answeredAt = performance.now();
    const locked: string[] = reply.status !== 200 ? [] : (kind === 'lock' ? [reply.body.seat] : reply.body.seats).map((s: { id: string }) => s.id);
    if (kind === 'reserve') held = [];
    else held = [...new Set([...held, ...locked])];
    answers.push({ buyer: index, kind, sentAt, answeredAt, status: reply.status, code: reply.body?.code, locked, reservationId: reply.status === 201 ? reply.body.reservation.id : undefined });
  }
  return answers;
}

/** Seats the grid shows held and reservations the box office finds confirmed in the event, as the admin sees them now. */
async function whatStands(admin: Client, eventId: string): Promise<{ held: string[]; confirmed: string[] }> {
  const [seats, search] = await Promise.all([grid(admin, eventId), admin.get(`/api/admin/reservations/?eventId=${eventId}&status=confirmed&limit=100`)]);
  if (search.status !== 200) throw new Error(`reservations search: ${search.status} ${search.text}`);
  return {
    held: seats.filter((s) => s.status !== 'available').map((s) => `${s.id} ${s.status} ${s.lockedBy ?? ''}`.trim()),
    confirmed: search.body.reservations.map((r: { id: string; seatIds: string[] }) => `${r.id} ${r.seatIds.join(' ')}`),
  };
}

/** Waits until the read models hold the whole history (the 409s after a lock ended again do not wait for them). */
async function caughtUp(server: TestServer): Promise<void> {
  const head = await server.app.get<EventStore>(EVENT_STORE).headPosition();
  await server.app.get(ReadModels).caughtUpWith(head);
}

/** SeatLocked of the event recorded after the decision (log index > `decided`) with no later SeatReleased of its seat. */
function unreleasedLocksAfter(log: AuditEntry[], decided: number, eventId: string): string[] {
  return log.flatMap((e, i) => {
    if (i <= decided || e.type !== 'SeatLocked' || e.data.showId !== eventId) return [];
    const released = log.slice(i + 1).some((later) => later.stream === e.stream && later.type === 'SeatReleased');
    return released ? [] : [`${e.data.seatId} locked by ${e.data.username} at ${e.position}`];
  });
}

const summary = (a: Answered): string => `buyer ${a.buyer} ${a.kind}: ${a.status} ${a.code ?? ''} (sent ${Math.round(a.sentAt)}, answered ${Math.round(a.answeredAt)})`;
