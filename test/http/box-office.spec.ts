/**
 * api.md "Box office" (issue 17): every route and code of the contract's part, over real HTTP on
 * the embedded stores: an event's details, its sales closed and reopened, its cancellation, seats
 * taken off sale, the reservations search and the cancel on a customer's behalf, the attendee list
 * and the sales figures. Users (roles, disabled, password) are in box-office-users.spec.ts.
 */
import { logLength, wholeLog } from '../support/audit';
import type { Client } from '../support/client';
import { expectProblem, expectValidation } from '../support/problem';
import { grid, lock, lockAll, lockAndReserve, reserve, seatOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

const STARTS = '2027-03-01T19:30:00.000Z';

describe('box office', () => {
  let server: TestServer;
  let admin: Client;
  let auditor: Client;
  beforeAll(async () => {
    server = await startServer({ MAX_SEATS_PER_USER: '10' });
    admin = await server.as('admin');
    auditor = await server.as('auditor');
  });
  afterAll(() => server.close());

  /** A fresh event of two rows (A: 4 seats at 80.00, B: 4 at 50.00), so tests never share seats. */
  async function newEvent(name = uniqueName('Show')): Promise<string> {
    const reply = await admin.post('/api/admin/events/', {
      name,
      venue: 'Hall B',
      startsAt: STARTS,
      currency: 'EUR',
      rows: [
        { label: 'A', seats: 4, price: '80.00' },
        { label: 'B', seats: 4, price: '50.00' },
      ],
    });
    if (reply.status !== 201) throw new Error(`create event: ${reply.status} ${reply.text}`);
    return reply.body.event.id;
  }
  const event = async (id: string) => (await server.client().get(`/api/events/${id}/`)).body.event;
  const listed = async (id: string) => (await server.client().get('/api/events/')).body.events.find((e: { id: string }) => e.id === id);
  /** Asserts the call wrote nothing to the history. */
  async function writesNothing(call: () => Promise<unknown>): Promise<void> {
    const before = await logLength(auditor);
    await call();
    expect(await logLength(auditor)).toBe(before);
  }

  describe('every event says whether it is cancelled and whether it sells', () => {
    it('lists and details a new event as scheduled with sales open', async () => {
      const id = await newEvent();
      expect(await listed(id)).toMatchObject({ status: 'scheduled', salesOpen: true });
      expect(await event(id)).toMatchObject({ status: 'scheduled', salesOpen: true });
    });
  });

  describe('PATCH /api/admin/events/{eventId}/', () => {
    it('postpones and renames an event; the list, the event page and its reservations show the new values', async () => {
      const id = await newEvent('Old name');
      const { client } = await newUser(server, 'fan');
      const booked = await lockAndReserve(client, id, ['A1']);
      const reply = await admin.patch(`/api/admin/events/${id}/`, { name: 'New name', startsAt: '2027-04-01T20:00:00+01:00' });
      expect(reply.status).toBe(200);
      expect(reply.body.event).toMatchObject({ id, name: 'New name', venue: 'Hall B', startsAt: '2027-04-01T19:00:00.000Z', status: 'scheduled' });
      expect(await listed(id)).toMatchObject({ name: 'New name', startsAt: '2027-04-01T19:00:00.000Z' });
      const mine = (await client.get('/api/reservations/')).body.reservations.find((r: { id: string }) => r.id === booked.id);
      expect(mine).toMatchObject({ eventName: 'New name', eventStartsAt: '2027-04-01T19:00:00.000Z', venue: 'Hall B' });
    });

    it('records the change as one event with only the changed fields and the admin as actor', async () => {
      const id = await newEvent('Same name');
      await admin.patch(`/api/admin/events/${id}/`, { name: 'Same name', venue: 'Hall C' });
      const changes = (await wholeLog(auditor)).filter((e) => e.type === 'ShowDetailsChanged' && e.data.showId === id);
      expect(changes).toHaveLength(1);
      expect(changes[0].data).toEqual({ showId: id, venue: 'Hall C', changedAt: expect.any(String) });
      expect(changes[0].metadata.userId).toBe((await admin.get('/api/me/')).body.user.id);
    });

    it('refuses an empty change, a date in the past and unknown fields (400), writing nothing', async () => {
      const id = await newEvent();
      await writesNothing(async () => {
        expectValidation(await admin.patch(`/api/admin/events/${id}/`, {}), 'body');
        expectValidation(await admin.patch(`/api/admin/events/${id}/`, { startsAt: '2020-01-01T00:00:00.000Z' }), 'startsAt');
        expectValidation(await admin.patch(`/api/admin/events/${id}/`, { currency: 'USD' }), 'currency');
        expectValidation(await admin.patch(`/api/admin/events/${id}/`, { name: '' }), 'name');
      });
    });

    it('answers 404 for an unknown event', async () => {
      expectProblem(await admin.patch('/api/admin/events/no-such-event/', { name: 'X' }), 404, 'not_found');
    });
  });

  describe('POST /api/admin/events/{eventId}/sales/', () => {
    it('closes sales: lock, best available and reserve answer 409 sales_closed and write nothing; holds already taken stay until they run out', async () => {
      const id = await newEvent();
      const { client } = await newUser(server, 'buyer');
      await lockAll(client, id, ['A1']);
      const reply = await admin.post(`/api/admin/events/${id}/sales/`, { open: false });
      expect(reply.status).toBe(200);
      expect(reply.body.event).toMatchObject({ id, salesOpen: false, status: 'scheduled' });
      expect(await listed(id)).toMatchObject({ salesOpen: false });
      await writesNothing(async () => {
        const locked = await lock(client, id, 'A2');
        expectProblem(locked, 409, 'sales_closed');
        expect(locked.body.detail).toBe('Sales for this event are closed at the moment; try again later');
        expectProblem(await client.post(`/api/events/${id}/best-available/`, { count: 2 }), 409, 'sales_closed');
        expectProblem(await reserve(client, id, { seatIds: ['A1'] }), 409, 'sales_closed');
      });
      expect(await seatOf(client, id, 'A1')).toMatchObject({ status: 'locked', mine: true });
    });

    it('reopens sales: locks and reservations work again', async () => {
      const id = await newEvent();
      const { client } = await newUser(server, 'buyer');
      await admin.post(`/api/admin/events/${id}/sales/`, { open: false });
      const reopened = await admin.post(`/api/admin/events/${id}/sales/`, { open: true });
      expect(reopened.body.event).toMatchObject({ salesOpen: true });
      expect((await lockAndReserve(client, id, ['B1'])).status).toBe('confirmed');
    });

    it('records nothing for the state sales are already in', async () => {
      const id = await newEvent();
      await writesNothing(async () => expect((await admin.post(`/api/admin/events/${id}/sales/`, { open: true })).status).toBe(200));
    });

    it('refuses a body without a boolean open (400)', async () => {
      const id = await newEvent();
      expectValidation(await admin.post(`/api/admin/events/${id}/sales/`, { open: 'no' }), 'open');
      expectValidation(await admin.post(`/api/admin/events/${id}/sales/`, {}), 'open');
    });
  });

  describe('POST /api/admin/events/{eventId}/cancel/', () => {
    it('cancels for good: locks end, reservations read cancelled by the organiser with the reason, the event stays listed', async () => {
      const id = await newEvent();
      const alice = await newUser(server, 'alice');
      const bob = await newUser(server, 'bob');
      const booked = await lockAndReserve(alice.client, id, ['A1', 'A2']);
      await lockAll(bob.client, id, ['B1', 'B2']);
      const reply = await admin.post(`/api/admin/events/${id}/cancel/`, { reason: 'The artist is ill' });
      expect(reply.status).toBe(200);
      expect(reply.body.event).toMatchObject({ id, status: 'cancelled', salesOpen: false });
      expect(await listed(id)).toMatchObject({ status: 'cancelled' });
      const seats = await grid(bob.client, id);
      expect(seats.every((s) => s.status === 'available')).toBe(true);
      const mine = (await alice.client.get(`/api/reservations/${booked.id}/`)).body.reservation;
      expect(mine).toMatchObject({ status: 'cancelled', cancelledBy: 'organiser', reason: 'The artist is ill', cancelledAt: expect.any(String) });
      // The history: the decision, the locks ended, the reservation cancelled, the completion.
      const log = (await wholeLog(auditor)).filter((e) => e.data?.showId === id || e.data?.reservationId === booked.id);
      expect(log.map((e) => e.type)).toEqual(expect.arrayContaining(['ShowCancelled', 'ReservationCancelled.v2', 'ShowCancellationCompleted']));
      expect(log.filter((e) => e.type === 'SeatReleased' && e.data.reason === 'event-cancelled').map((e) => e.data.seatId).sort()).toEqual(['B1', 'B2']);
      expect(log.filter((e) => e.type === 'SeatReleased' && e.data.reason === 'cancelled').map((e) => e.data.seatId).sort()).toEqual(['A1', 'A2']);
    });

    it('answers every sale, and any change, of a cancelled event 409 event_cancelled, writing nothing', async () => {
      const id = await newEvent();
      const { client } = await newUser(server, 'late');
      await admin.post(`/api/admin/events/${id}/cancel/`, { reason: 'Flooded venue' });
      await writesNothing(async () => {
        expectProblem(await lock(client, id, 'A1'), 409, 'event_cancelled');
        expectProblem(await client.post(`/api/events/${id}/best-available/`, { count: 1 }), 409, 'event_cancelled');
        expectProblem(await reserve(client, id, { seatIds: ['A1'] }), 409, 'event_cancelled');
        expectProblem(await admin.post(`/api/admin/events/${id}/cancel/`, { reason: 'Again' }), 409, 'event_cancelled');
        expectProblem(await admin.patch(`/api/admin/events/${id}/`, { name: 'Renamed' }), 409, 'event_cancelled');
        expectProblem(await admin.post(`/api/admin/events/${id}/sales/`, { open: true }), 409, 'event_cancelled');
        expectProblem(await admin.post(`/api/admin/events/${id}/seats/A1/block/`, { reason: 'x' }), 409, 'event_cancelled');
      });
    });

    it('needs a reason (400) and a known event (404)', async () => {
      const id = await newEvent();
      await writesNothing(async () => {
        expectValidation(await admin.post(`/api/admin/events/${id}/cancel/`, {}), 'reason');
        expectValidation(await admin.post(`/api/admin/events/${id}/cancel/`, { reason: '' }), 'reason');
      });
      expectProblem(await admin.post('/api/admin/events/no-such-event/cancel/', { reason: 'x' }), 404, 'not_found');
    });
  });

  describe('blocking and unblocking seats', () => {
    it('takes a free seat off sale: the grid reads it blocked, lock answers seat_unavailable, best available passes it by', async () => {
      const id = await newEvent();
      const { client } = await newUser(server, 'buyer');
      const reply = await admin.post(`/api/admin/events/${id}/seats/A2/block/`, { reason: 'House seat' });
      expect(reply.status).toBe(200);
      expect(reply.body.seat).toMatchObject({ id: 'A2', status: 'blocked', lockedBy: null, mine: false });
      expect(await seatOf(client, id, 'A2')).toMatchObject({ status: 'blocked' });
      const refused = await lock(client, id, 'A2');
      expectProblem(refused, 409, 'seat_unavailable');
      expect(refused.body.detail).toBe('Seat A2 is not for sale');
      // Four together in row A would need A2: best available finds row B instead.
      const found = await client.post(`/api/events/${id}/best-available/`, { count: 4 });
      expect(found.status).toBe(200);
      expect(found.body.seats.map((s: { id: string }) => s.id)).toEqual(['B1', 'B2', 'B3', 'B4']);
      expect((await event(id)).availableCount).toBe(3); // 8 seats, 1 blocked, 4 held
    });

    it('puts it back on sale with unblock', async () => {
      const id = await newEvent();
      const { client } = await newUser(server, 'buyer');
      await admin.post(`/api/admin/events/${id}/seats/A3/block/`, { reason: 'Broken' });
      const reply = await admin.post(`/api/admin/events/${id}/seats/A3/unblock/`);
      expect(reply.status).toBe(200);
      expect(reply.body.seat).toMatchObject({ id: 'A3', status: 'available' });
      expect((await lock(client, id, 'A3')).status).toBe(200);
    });

    it('refuses a held or reserved seat (409 seat_unavailable) and records nothing twice', async () => {
      const id = await newEvent();
      const { client } = await newUser(server, 'buyer');
      await lockAll(client, id, ['A1']);
      await lockAndReserve(client, id, ['A4']);
      await admin.post(`/api/admin/events/${id}/seats/B1/block/`, { reason: 'House seat' });
      await writesNothing(async () => {
        expectProblem(await admin.post(`/api/admin/events/${id}/seats/A1/block/`, { reason: 'x' }), 409, 'seat_unavailable');
        expectProblem(await admin.post(`/api/admin/events/${id}/seats/A4/block/`, { reason: 'x' }), 409, 'seat_unavailable');
        expect((await admin.post(`/api/admin/events/${id}/seats/B1/block/`, { reason: 'again' })).body.seat.status).toBe('blocked');
        expect((await admin.post(`/api/admin/events/${id}/seats/B2/unblock/`)).body.seat.status).toBe('available');
      });
    });

    it('needs a reason to block, no body to unblock, and a known seat', async () => {
      const id = await newEvent();
      expectValidation(await admin.post(`/api/admin/events/${id}/seats/A1/block/`, {}), 'reason');
      expectProblem(await admin.post(`/api/admin/events/${id}/seats/A1/unblock/`, { reason: 'x' }), 400, 'validation_failed');
      expectProblem(await admin.post(`/api/admin/events/${id}/seats/Z9/block/`, { reason: 'x' }), 404, 'not_found');
    });
  });

  describe('GET /api/admin/reservations/ and the cancel on a customer\'s behalf', () => {
    let eventId: string;
    let other: string;
    let carol: { client: Client; username: string };
    let dave: { client: Client; username: string };
    const booked: Record<string, { id: string }> = {};
    beforeAll(async () => {
      eventId = await newEvent();
      other = await newEvent();
      carol = await newUser(server, 'carol');
      dave = await newUser(server, 'dave');
      booked.c1 = await lockAndReserve(carol.client, eventId, ['A1']);
      server.clock.advance(5);
      booked.d1 = await lockAndReserve(dave.client, eventId, ['A2', 'A3']);
      server.clock.advance(5);
      booked.c2 = await lockAndReserve(carol.client, other, ['B1']);
      server.clock.advance(5);
      booked.c3 = await lockAndReserve(carol.client, eventId, ['B4']);
      await carol.client.post(`/api/reservations/${booked.c3.id}/cancel/`);
    });
    const search = (query: string) => admin.get(`/api/admin/reservations/?${query}`);
    const ids = (reply: { body: { reservations: { id: string }[] } }) => reply.body.reservations.map((r) => r.id);

    it('finds an event\'s reservations newest first, each with its owner\'s username', async () => {
      const reply = await search(`eventId=${eventId}`);
      expect(reply.status).toBe(200);
      expect(ids(reply)).toEqual([booked.c3.id, booked.d1.id, booked.c1.id]);
      expect(reply.body.reservations[1]).toMatchObject({ eventId, username: dave.username, seats: ['A2', 'A3'], totalPrice: '160.00', status: 'confirmed' });
      expect(reply.body.next).toBeNull();
    });

    it('combines filters: username (any case), status, event', async () => {
      expect(ids(await search(`username=${carol.username.toUpperCase()}`))).toEqual([booked.c3.id, booked.c2.id, booked.c1.id]);
      expect(ids(await search(`username=${carol.username}&eventId=${eventId}&status=confirmed`))).toEqual([booked.c1.id]);
      expect(ids(await search(`eventId=${eventId}&status=cancelled`))).toEqual([booked.c3.id]);
      expect(ids(await search('username=nobody-at-all'))).toEqual([]);
    });

    it('pages as the audit log does: next is the from of the following page, null at the end', async () => {
      const first = await search(`eventId=${eventId}&limit=2`);
      expect(ids(first)).toEqual([booked.c3.id, booked.d1.id]);
      expect(typeof first.body.next).toBe('string');
      const second = await search(`eventId=${eventId}&limit=2&from=${encodeURIComponent(first.body.next)}`);
      expect(ids(second)).toEqual([booked.c1.id]);
      expect(second.body.next).toBeNull();
    });

    it('refuses a bad status, limit, cursor or an unknown filter (400)', async () => {
      expectValidation(await search('status=pending'), 'status');
      expectValidation(await search('limit=0'), 'limit');
      expectValidation(await search('limit=1001'), 'limit');
      expectValidation(await search('from=not-a-cursor'), 'from');
      expectValidation(await search('user=carol'), 'user');
    });

    it('cancels a booking for the customer, who sees it cancelled by the box office with the reason; its seats are free', async () => {
      const reply = await admin.post(`/api/admin/reservations/${booked.d1.id}/cancel/`, { reason: 'Paid twice' });
      expect(reply.status).toBe(200);
      expect(reply.body.reservation).toMatchObject({ id: booked.d1.id, status: 'cancelled', cancelledBy: 'admin', reason: 'Paid twice' });
      const seen = (await dave.client.get(`/api/reservations/${booked.d1.id}/`)).body.reservation;
      expect(seen).toMatchObject({ status: 'cancelled', cancelledBy: 'admin', reason: 'Paid twice' });
      expect((await seatOf(dave.client, eventId, 'A2')).status).toBe('available');
      expectProblem(await admin.post(`/api/admin/reservations/${booked.d1.id}/cancel/`, { reason: 'again' }), 409, 'already_cancelled');
    });

    it('answers the owner\'s own cancellation as cancelled by the owner, without a reason', async () => {
      const seen = (await carol.client.get(`/api/reservations/${booked.c3.id}/`)).body.reservation;
      expect(seen).toMatchObject({ status: 'cancelled', cancelledBy: 'owner' });
      expect(seen).not.toHaveProperty('reason');
    });

    it('needs a reason (400) and a reservation that exists (404)', async () => {
      expectValidation(await admin.post(`/api/admin/reservations/${booked.c1.id}/cancel/`, {}), 'reason');
      expectProblem(await admin.post('/api/admin/reservations/no-such-reservation/cancel/', { reason: 'x' }), 404, 'not_found');
    });
  });

  describe('GET /api/admin/events/{eventId}/attendees.csv', () => {
    it('is RFC 4180 CSV: a header row, one line per reservation oldest first, CRLF, seats joined by spaces', async () => {
      const id = await newEvent();
      const erin = await newUser(server, 'erin');
      const first = await lockAndReserve(erin.client, id, ['A1', 'A2']);
      server.clock.advance(5);
      const second = await lockAndReserve(erin.client, id, ['B3']);
      await erin.client.post(`/api/reservations/${second.id}/cancel/`);
      const reply = await admin.get(`/api/admin/events/${id}/attendees.csv`);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="attendees-${id}.csv"`);
      const lines = reply.text.split('\r\n');
      expect(lines[0]).toBe('reservationId,username,seats,totalPrice,currency,status,createdAt,cancelledAt');
      expect(lines[1]).toBe(`${first.id},${erin.username},A1 A2,160.00,EUR,confirmed,${first.createdAt},`);
      expect(lines[2]).toMatch(new RegExp(`^${second.id},${erin.username},B3,50.00,EUR,cancelled,${second.createdAt},\\d{4}-`));
      expect(lines[3]).toBe('');
      expect(lines).toHaveLength(4);
    });

    it('answers 404 for an unknown event, and only admins may have it', async () => {
      expectProblem(await admin.get('/api/admin/events/no-such-event/attendees.csv'), 404, 'not_found');
      expectProblem(await auditor.get(`/api/admin/events/${await newEvent()}/attendees.csv`), 403, 'forbidden');
    });
  });

  describe('GET /api/admin/events/{eventId}/sales/', () => {
    it('counts each category\'s seats by state with the revenue of the reserved ones, and each day\'s sales net of refunds', async () => {
      const id = await newEvent();
      const frank = await newUser(server, 'frank');
      const day1 = server.clock.now().toISOString().slice(0, 10);
      const kept = await lockAndReserve(frank.client, id, ['A1', 'B1']);
      const refunded = await lockAndReserve(frank.client, id, ['A2']);
      await lockAll(frank.client, id, ['B2']);
      await admin.post(`/api/admin/events/${id}/seats/B4/block/`, { reason: 'House seat' });
      server.clock.advance(24 * 60 * 60);
      const day2 = server.clock.now().toISOString().slice(0, 10);
      await frank.client.post(`/api/reservations/${refunded.id}/cancel/`);
      await lockAll(frank.client, id, ['B2']);
      const reply = await admin.get(`/api/admin/events/${id}/sales/`);
      expect(reply.status).toBe(200);
      expect(reply.body.categories).toEqual([
        { key: 'c1', seats: 4, available: 3, locked: 0, reserved: 1, blocked: 0, revenue: '80.00' },
        { key: 'c2', seats: 4, available: 1, locked: 1, reserved: 1, blocked: 1, revenue: '50.00' },
      ]);
      expect(reply.body.daily).toEqual([
        { date: day1, reserved: 3, cancelled: 0, revenue: '210.00' },
        { date: day2, reserved: 0, cancelled: 1, revenue: '-80.00' },
      ]);
      expect(kept.totalPrice).toBe('130.00');
    });
  });
});
