/**
 * An append whose outcome is unknown (EventStoreDB timed out the commit after writing it:
 * AppendOutcomeUnknown, docs/eventstoredb.md), over HTTP on the embedded store: the append is
 * made to write and then throw, as such a commit does. The answer is 503 saying the change may
 * have been saved, and the retry it advises (same Idempotency-Key) makes one reservation, not two.
 */
import { AppendOutcomeUnknown, EVENT_STORE, type EventStore } from '../../apps/api/src/event-store/event-store.port';
import type { Client } from '../support/client';
import { expectProblem } from '../support/problem';
import { lockAll, reserve, seatsOf } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

describe('an append written but not confirmed', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  const reservations = async (client: Client) => (await client.get('/api/reservations/')).body.reservations;

  /** The next append of SeatsReserved is written, then reported as timed out. */
  function loseTheNextSeatsReservedAnswer(): { restore(): void } {
    const store = server.app.get(EVENT_STORE) as EventStore;
    const append = store.append.bind(store);
    let lost = false;
    const spy = jest.spyOn(store, 'append').mockImplementation(async (stream, events, expected) => {
      const result = await append(stream, events, expected);
      if (!lost && events.some((e) => e.type.startsWith('SeatsReserved'))) {
        lost = true;
        throw new AppendOutcomeUnknown(stream, 'the commit timed out after the prepares were written (simulated)');
      }
      return result;
    });
    return { restore: () => spy.mockRestore() };
  }

  it('answers 503 saying the reservation may have been made, and a retry with the same Idempotency-Key makes exactly one', async () => {
    const { client } = await newUser(server);
    await lockAll(client, eventId, ['G1', 'G2']);
    const fault = loseTheNextSeatsReservedAnswer();
    let first;
    try {
      first = await reserve(client, eventId, { seatIds: ['G1', 'G2'] }, { 'Idempotency-Key': 'order-unknown-1' });
    } finally {
      fault.restore();
    }
    expectProblem(first, 503, 'unavailable');
    expect(first.body.detail).toMatch(/may have been/);
    expect(first.body.detail).toMatch(/same Idempotency-Key/);
    expect(first.body.detail).not.toMatch(/nothing was changed/);

    const retry = await reserve(client, eventId, { seatIds: ['G1', 'G2'] }, { 'Idempotency-Key': 'order-unknown-1' });
    expect(retry.status).toBe(201);
    expect(retry.body.reservation).toMatchObject({ seatIds: ['G1', 'G2'], status: 'confirmed' });
    expect(await reservations(client)).toEqual([retry.body.reservation]);
    const seats = await seatsOf(client, eventId, ['G1', 'G2']);
    expect([seats.G1.status, seats.G2.status]).toEqual(['reserved', 'reserved']);
  });
});
