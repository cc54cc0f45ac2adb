/**
 * The pure half of the EventStoreDB adapter: how the port's revisions, events and errors map to
 * the client's and back. Kept apart so it is tested with the real client's types and error
 * classes on machines without a server.
 */
import {
  ANY,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  STREAM_EXISTS,
  UnavailableError,
  CancelledError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { StoreUnavailable, WrongExpectedVersion, type EventMetadata, type ExpectedRevision, type NewEvent, type RecordedEvent } from '../event-store.port';

export function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

export function fromClientRevision(expected: AppendExpectedRevision): ExpectedRevision {
  switch (expected) {
    case ANY:
      return 'any';
    case NO_STREAM:
      return 'no_stream';
    case STREAM_EXISTS:
      return 'exists';
    default:
      return expected;
  }
}

export const toEventData = (e: NewEvent) => jsonEvent({ id: e.id, type: e.type, data: e.data as Record<string, unknown>, metadata: e.metadata as unknown as Record<string, unknown> });

/** System events ($-prefixed streams or types: $stats, $metadata, ...) never reach the application. */
export const isSystemEvent = (streamId: string, type: string): boolean => streamId.startsWith('$') || type.startsWith('$');

/** A recorded event as the port describes it; undefined for a system event or a link without its target. */
export function fromResolved(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e || isSystemEvent(e.streamId, e.type) || !e.isJson) return undefined;
  const position = 'position' in e && e.position ? e.position : resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined;
  if (!position) return undefined;
  const metadata = (e.metadata ?? {}) as Partial<EventMetadata>;
  return {
    id: e.id,
    stream: e.streamId,
    revision: e.revision,
    position: { commit: position.commit, prepare: position.prepare },
    type: e.type,
    data: e.data,
    metadata: { userId: String(metadata.userId ?? ''), correlationId: String(metadata.correlationId ?? ''), causationId: String(metadata.causationId ?? '') },
    recordedAt: e.created instanceof Date ? e.created : new Date(e.created),
  };
}

/** The client's errors in the port's terms; anything else is rethrown unchanged. */
export function mapError(error: unknown, stream: string | undefined, url: string): Error {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion === NO_STREAM ? 'no_stream' : (error.actualVersion as bigint);
    return new WrongExpectedVersion(error.streamName ?? stream ?? '', fromClientRevision(error.expectedVersion), actual);
  }
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof CancelledError || error instanceof NotLeaderError) {
    return new StoreUnavailable('event store', `EventStoreDB at ${url}: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
