/** The EventStoreDB adapter's pure half, against the real client's types and error classes (no server needed). */
import {
  ANY, NO_STREAM, STREAM_EXISTS, UnavailableError, DeadlineExceededError, TimeoutError, UnknownError, WrongExpectedVersionError, type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import { AppendOutcomeUnknown, StoreUnavailable, WrongExpectedVersion } from '../event-store.port';
import { fromAll, fromClientRevision, fromResolved, isSystemEvent, mapAppendError, mapError, toClientRevision, toEventData } from './eventstoredb-mapping';

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

  it('reports a read the server timed out (TimeoutError, gRPC ABORTED) and a server not ready or too busy as unavailable', () => {
    for (const error of [new TimeoutError(undefined, 'Operation timed out'), new UnknownError(undefined, 'Could not recognize Server Is Not Ready'), new UnknownError(undefined, 'Could not recognize Server Is Too Busy')]) {
      expect(mapError(error, undefined, URL)).toBeInstanceOf(StoreUnavailable);
    }
    const other = new UnknownError(undefined, 'Could not recognize something else');
    expect(mapError(other, undefined, URL)).toBe(other);
  });

  it('reports a timed-out append as outcome unknown (written or not), and a refused one as unavailable', () => {
    for (const error of [new DeadlineExceededError(), new TimeoutError(undefined, 'Operation timed out')]) {
      expect(mapAppendError(error, 'seat-s-A1', URL)).toEqual(expect.objectContaining({ name: 'AppendOutcomeUnknown', stream: 'seat-s-A1' }));
      expect(mapAppendError(error, 'seat-s-A1', URL)).toBeInstanceOf(AppendOutcomeUnknown);
    }
    expect(mapAppendError(new UnavailableError(undefined, 'connect ECONNREFUSED'), 'seat-s-A1', URL)).toBeInstanceOf(StoreUnavailable);
  });

  it('passes any other error through unchanged', () => {
    const error = new TypeError('boom');
    expect(mapError(error, undefined, URL)).toBe(error);
  });

  it('writes events as JSON with their id, type, data and metadata', () => {
    const data = toEventData({ id: '5b3c1f0e-8d7a-4c36-9a51-6f0d2e4b7c19', type: 'SeatLocked', data: { seatId: 'A1' }, metadata: { userId: 'u', correlationId: 'c', causationId: 'c' } });
    expect(data).toMatchObject({ id: '5b3c1f0e-8d7a-4c36-9a51-6f0d2e4b7c19', type: 'SeatLocked', contentType: 'application/json', data: { seatId: 'A1' }, metadata: { userId: 'u' } });
  });

  it('refuses data or metadata that cannot be JSON-encoded with a TypeError, and stores undefined data as null', () => {
    const event = { id: '5b3c1f0e-8d7a-4c36-9a51-6f0d2e4b7c19', type: 'SeatLocked', metadata: { userId: 'u', correlationId: 'c', causationId: 'c' } };
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => toEventData({ ...event, data: { count: 1n } })).toThrow(TypeError);
    expect(() => toEventData({ ...event, data: cycle })).toThrow(TypeError);
    expect(() => toEventData({ ...event, data: () => undefined })).toThrow(TypeError);
    expect(toEventData({ ...event, data: undefined }).data).toBeNull();
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

  it('hides system events, non-JSON events and unresolved links of $all from the application', () => {
    expect(isSystemEvent('$stats-127.0.0.1:2113', 'Stats')).toBe(true);
    expect(isSystemEvent('seat-s-A1', '$metadata')).toBe(true);
    expect(isSystemEvent('seat-s-A1', 'SeatLocked')).toBe(false);
    expect(fromAll({ event: undefined } as unknown as AllStreamResolvedEvent)).toBeUndefined();
    const system = { event: { streamId: '$scavenges', type: '$scavengeStarted', isJson: true, revision: 0n, position: { commit: 1n, prepare: 1n }, created: new Date() } };
    expect(fromAll(system as unknown as AllStreamResolvedEvent)).toBeUndefined();
    const binary = { event: { streamId: 'blobs', type: 'Blob', isJson: false, data: Uint8Array.from([1]), revision: 0n, position: { commit: 2n, prepare: 2n }, created: new Date() } };
    expect(fromAll(binary as unknown as AllStreamResolvedEvent)).toBeUndefined();
  });

  it('keeps every event of a stream read, $-typed and binary ones too, so that no revision goes missing', () => {
    const typed = { event: { streamId: 'seat-s-A1', type: '$custom', isJson: true, data: {}, revision: 1n, position: { commit: 3n, prepare: 3n }, created: new Date() } };
    const binary = { event: { streamId: 'seat-s-A1', type: 'Blob', isJson: false, data: Uint8Array.from([1]), revision: 2n, position: { commit: 4n, prepare: 4n }, created: new Date() } };
    expect(fromResolved(typed as unknown as AllStreamResolvedEvent)).toMatchObject({ revision: 1n, type: '$custom' });
    expect(fromResolved(binary as unknown as AllStreamResolvedEvent)).toMatchObject({ revision: 2n, data: Uint8Array.from([1]) });
  });

  it('keeps the request id and the trace parent of the metadata when there are some', () => {
    const metadata = { userId: 'u1', correlationId: 'c1', causationId: 'c0', requestId: 'r1', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    const resolved = { event: { streamId: 'seat-s-A1', type: 'SeatLocked', isJson: true, data: {}, metadata, revision: 0n, position: { commit: 1n, prepare: 1n }, created: new Date() } };
    expect(fromResolved(resolved as unknown as AllStreamResolvedEvent)?.metadata).toEqual(metadata);
  });
});
