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
  TimeoutError,
  UnavailableError,
  UnknownError,
  CancelledError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  AppendOutcomeUnknown, StoreUnavailable, WrongExpectedVersion, type EventMetadata, type ExpectedRevision, type NewEvent, type RecordedEvent,
} from '../event-store.port';

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

/**
 * The event as the client sends it. Data and metadata are JSON-encoded here first: the client
 * encodes them only while it writes the request, inside a promise it never settles when that throws
 * (a BigInt, a cycle), so the append would hang and the TypeError escape as an unhandled rejection.
 * Refused here, the append fails at once with the TypeError and nothing is sent, as the embedded
 * store refuses such data. `undefined` data is stored as null, as the embedded store does.
 */
export function toEventData(e: NewEvent) {
  const data = e.data ?? null;
  for (const [what, value] of [['data', data], ['metadata', e.metadata]] as const) {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      throw new TypeError(`event ${e.id} (${e.type}): its ${what} cannot be JSON-encoded: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (json === undefined) throw new TypeError(`event ${e.id} (${e.type}): its ${what} cannot be JSON-encoded`);
  }
  return jsonEvent({ id: e.id, type: e.type, data: data as Record<string, unknown>, metadata: e.metadata as unknown as Record<string, unknown> });
}

/** System events ($-prefixed streams or types: $stats, $metadata, ...) never reach the application from $all. */
export const isSystemEvent = (streamId: string, type: string): boolean => streamId.startsWith('$') || type.startsWith('$');

/**
 * An event of $all as the application sees it: undefined for a system event, a non-JSON event, or
 * a link without its target. ($all holds other writers' records; the application's are JSON.)
 */
export function fromAll(resolved: AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e || isSystemEvent(e.streamId, e.type) || !e.isJson) return undefined;
  return fromResolved(resolved);
}

/**
 * A recorded event as the port describes it, whatever its type and content (a stream read returns
 * every event of the stream: hiding one would leave its revision out, and the next append's expected
 * revision wrong); undefined for a link without its target. Non-JSON data is a Uint8Array.
 */
export function fromResolved(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const e = resolved.event;
  if (!e) return undefined;
  const position = 'position' in e && e.position ? e.position : resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined;
  if (!position) return undefined;
  return {
    id: e.id,
    stream: e.streamId,
    revision: e.revision,
    position: { commit: position.commit, prepare: position.prepare },
    type: e.type,
    data: e.data,
    metadata: toMetadata(e.metadata),
    recordedAt: e.created instanceof Date ? e.created : new Date(e.created),
  };
}

function toMetadata(stored: unknown): EventMetadata {
  const m = (stored && typeof stored === 'object' ? stored : {}) as Partial<EventMetadata>;
  const metadata: EventMetadata = { userId: String(m.userId ?? ''), correlationId: String(m.correlationId ?? ''), causationId: String(m.causationId ?? '') };
  if (typeof m.requestId === 'string') metadata.requestId = m.requestId;
  if (typeof m.traceparent === 'string') metadata.traceparent = m.traceparent;
  return metadata;
}

/** "Server Is Not Ready" and "Server Is (Too) Busy": the server did not take the request (NotHandled), so nothing was written. */
const NOT_HANDLED = /Server Is (Not Ready|Too Busy|Busy)/i;

/**
 * The client's errors in the port's terms; anything else is rethrown unchanged. For a read, or for
 * an append refused before anything was written. A read timed out by the server arrives as
 * TimeoutError (gRPC ABORTED), and a batch append the server did not handle (not ready, too busy)
 * as UnknownError with the server's sentence: both are the store being unavailable.
 */
export function mapError(error: unknown, stream: string | undefined, url: string): Error {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion === NO_STREAM ? 'no_stream' : (error.actualVersion as bigint);
    return new WrongExpectedVersion(error.streamName ?? stream ?? '', fromClientRevision(error.expectedVersion), actual);
  }
  const unavailable =
    error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof TimeoutError || error instanceof CancelledError || error instanceof NotLeaderError ||
    (error instanceof UnknownError && NOT_HANDLED.test(error.message));
  if (unavailable) return new StoreUnavailable('event store', `EventStoreDB at ${url}: ${describe(error)}`);
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * An append's failure in the port's terms. A timeout (the server's commit timeout, DeadlineExceeded
 * for a batch append, ABORTED for the older Append call; or the deadline passing on the client)
 * comes after the request was sent, and a commit timeout after the prepares were written: the
 * events may be in the stream, so the outcome is unknown, never "nothing was written".
 */
export function mapAppendError(error: unknown, stream: string, url: string): Error {
  if (error instanceof DeadlineExceededError || error instanceof TimeoutError) {
    return new AppendOutcomeUnknown(stream, `EventStoreDB at ${url} timed out the append: ${describe(error)}`);
  }
  return mapError(error, stream, url);
}

/** The client's message, or its error type when it has none (a batch append's Timeout carries no text). */
const describe = (error: Error & { type?: string }): string => error.message || error.type || error.name;
