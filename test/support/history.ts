/**
 * A long past for tests that need a big history fast (a rebuild that takes a while): weeks of one
 * user locking and unlocking seats, decided by the seat decider and appended in large batches
 * through the app's own event store, then projected as any history is.
 */
import { seatDecider, seatStream, type SeatEvent } from '@tessera/domain';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore, type Position } from '../../apps/api/src/event-store/event-store.port';
import { ReadModels } from '../../apps/api/src/projections/read-models';
import type { TestServer } from './server';

const BATCH = 1000;

/**
 * Appends `pairs` lock/unlock pairs to each seat's stream (seats nobody has touched yet), all of
 * them ended before the server's "now"; resolves once the read models hold them. Returns the
 * number of events appended.
 */
export async function appendPastTraffic(
  server: TestServer,
  showId: string,
  seatIds: string[],
  pairs: number,
  user: { id: string; username: string },
): Promise<number> {
  const { appended, last } = await appendPastTrafficTo(server.app.get<EventStore>(EVENT_STORE), server.clock.now(), showId, seatIds, pairs, user);
  if (last && !(await server.app.get(ReadModels).runner.waitFor(last, 30_000))) throw new Error('the read models did not catch up with the appended history');
  return appended;
}

/**
 * The same past, appended to any event store (for one a server is not running on: the fault tests
 * open a stopped server's file); returns the number of events appended and the last position.
 */
export async function appendPastTrafficTo(
  store: EventStore,
  now: Date,
  showId: string,
  seatIds: string[],
  pairs: number,
  user: { id: string; username: string },
): Promise<{ appended: number; last: Position | undefined }> {
  const start = now.getTime() - (pairs + 1) * 60_000;
  let last: Position | undefined;
  let appended = 0;
  for (const seatId of seatIds) {
    const stream = seatStream(showId, seatId);
    if ((await store.readStream(stream)).length > 0) throw new Error(`seat ${seatId} already has a history`);
    let state = seatDecider.initialState();
    let batch: SeatEvent[] = [];
    let revision: bigint | undefined;
    const flush = async () => {
      if (!batch.length) return;
      const correlationId = randomUUID();
      const events = batch.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: { userId: user.id, correlationId, causationId: correlationId } }));
      const result = await store.append(stream, events, revision ?? 'no_stream');
      revision = result.nextExpectedRevision;
      last = result.position;
      appended += batch.length;
      batch = [];
    };
    for (let i = 0; i < pairs; i++) {
      const at = start + i * 60_000;
      const decided = [
        ...seatDecider.decide(
          { type: 'LockSeat', data: { showId, seatId, userId: user.id, username: user.username, lockSeconds: 300, heldInShow: 0, maxSeatsPerUser: 10 } },
          state,
          new Date(at),
        ),
      ];
      state = decided.reduce(seatDecider.evolve, state);
      const released = seatDecider.decide({ type: 'UnlockSeat', data: { showId, seatId, userId: user.id } }, state, new Date(at + 30_000));
      state = released.reduce(seatDecider.evolve, state);
      batch.push(...decided, ...released);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  }
  return { appended, last };
}
