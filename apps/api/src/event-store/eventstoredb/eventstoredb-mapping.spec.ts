/** The EventStoreDB adapter's pure half, against the real client's types and error classes (no server needed). */
import { ANY, NO_STREAM, STREAM_EXISTS, UnavailableError, DeadlineExceededError, WrongExpectedVersionError, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { StoreUnavailable, WrongExpectedVersion } from '../event-store.port';
import { fromClientRevision, fromResolved, isSystemEvent, mapError, toClientRevision, toEventData } from './eventstoredb-mapping';

const URL = 'esdb://localhost:2113?tls=false';

describe('EventStoreDB mapping', () => {
  it('maps every expected revision of the port to the client and back, keeping bigints exact', () => {
    const big = 2n ** 60n + 7n;
    expect(toClientRevision('any')).toBe(ANY);
    expect(toClientRevision('no_stream')).toBe(NO_STREAM);
    expect(toClientRevision('exists')).toBe(STREAM_EXISTS);
    expect(toClientRevision(big)).toBe(big);
    for (const r of ['any', 'no_stream', 'exists', 0n, big] as const) expect(fromClientRevision(toClientRevision(r))).toBe(r);
  });

  it('turns a WrongExpectedVersionError with a revision into the port error with the actual revision', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'seat-s-A1', expected: 3n, current: 5n });
    const mapped = mapError(error, 'seat-s-A1', URL);
    expect(mapped).toBeInstanceOf(WrongExpectedVersion);
    expect(mapped).toMatchObject({ stream: 'seat-s-A1', expected: 3n, actual: 5n });
  });

  it('turns a WrongExpectedVersionError on a missing stream into actual "no_stream"', () => {
    const error = new WrongExpectedVersionError(undefined, { streamName: 'seat-s-A2', expected: STREAM_EXISTS, current: NO_STREAM });
    expect(mapError(error, 'seat-s-A2', URL)).toMatchObject({ expected: 'exists', actual: 'no_stream' });
  });

  it('reports an unreachable or slow server as the event store being unavailable, naming the URL', () => {
    for (const error of [new UnavailableError(undefined, 'connect ECONNREFUSED'), new DeadlineExceededError(undefined, 'deadline')]) {
      const mapped = mapError(error, undefined, URL);
      expect(mapped).toBeInstanceOf(StoreUnavailable);
      expect(mapped.message).toContain(URL);
    }
  });

  it('passes any other error through unchanged', () => {
    const error = new TypeError('boom');
    expect(mapError(error, undefined, URL)).toBe(error);
  });

  it('writes events as JSON with their id, type, data and metadata', () => {
    const data = toEventData({ id: '5b3c1f0e-8d7a-4c36-9a51-6f0d2e4b7c19', type: 'SeatLocked', data: { seatId: 'A1' }, metadata: { userId: 'u', correlationId: 'c', causationId: 'c' } });
    expect(data).toMatchObject({ id: '5b3c1f0e-8d7a-4c36-9a51-6f0d2e4b7c19', type: 'SeatLocked', contentType: 'application/json', data: { seatId: 'A1' }, metadata: { userId: 'u' } });
  });

  it('reads a recorded event with its position pair, revision, metadata and time', () => {
    const created = new Date('2026-12-01T10:00:00.000Z');
    const resolved = {
      event: {
        streamId: 'seat-s-A1', id: 'e1', revision: 4n, type: 'SeatLocked', data: { seatId: 'A1' }, metadata: { userId: 'u1', correlationId: 'c1', causationId: 'c0' },
        isJson: true, created, position: { commit: 2n ** 62n, prepare: 2n ** 62n - 1n },
      },
    } as unknown as AllStreamResolvedEvent;
    expect(fromResolved(resolved)).toEqual({
      id: 'e1', stream: 'seat-s-A1', revision: 4n, position: { commit: 2n ** 62n, prepare: 2n ** 62n - 1n }, type: 'SeatLocked', data: { seatId: 'A1' },
      metadata: { userId: 'u1', correlationId: 'c1', causationId: 'c0' }, recordedAt: created,
    });
  });

  it('hides system events and unresolved links from the application', () => {
    expect(isSystemEvent('$stats-127.0.0.1:2113', 'Stats')).toBe(true);
    expect(isSystemEvent('seat-s-A1', '$metadata')).toBe(true);
    expect(isSystemEvent('seat-s-A1', 'SeatLocked')).toBe(false);
    expect(fromResolved({ event: undefined } as unknown as AllStreamResolvedEvent)).toBeUndefined();
    const system = { event: { streamId: '$scavenges', type: '$scavengeStarted', isJson: true, revision: 0n, position: { commit: 1n, prepare: 1n }, created: new Date() } };
    expect(fromResolved(system as unknown as AllStreamResolvedEvent)).toBeUndefined();
  });
});
