/**
 * The event store port: what the application needs from an event store, in EventStoreDB's own
 * terms and with exactly its guarantees (atomic append to one stream, per-stream expected revision,
 * one global commit order, idempotent event ids) and no more: no multi-stream transaction.
 * Adapters: ./sqlite (embedded default) and ./eventstoredb (production). Both pass
 * ./event-store.contract.ts.
 */

/** `no_stream`: the stream must not exist. `exists`: it must. `any`: no check. A bigint: the revision of its last event. */
export type ExpectedRevision = 'no_stream' | 'any' | 'exists' | bigint;

/** A global position, EventStoreDB's pair. In the embedded store both parts are the same number. */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface EventMetadata {
  /** The acting user's id, or "system" for the sweeper and recovery. */
  userId: string;
  correlationId: string;
  causationId: string;
  /** The HTTP request that appended it (its `X-Request-Id`), to find its line in the logs; absent for the system's own work. */
  requestId?: string;
  /** The span that appended it (W3C `traceparent`), when tracing is on: the projection's span links to it. */
  traceparent?: string;
}

export interface NewEvent {
  /** A UUID. Appending an event whose id is already in the stream at the expected place writes nothing again. */
  id: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  stream: string;
  /** 0-based revision within its stream. */
  revision: bigint;
  position: Position;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface AppendResult {
  /** The revision of the last event in the stream after the append. */
  nextExpectedRevision: bigint;
  /** The position of the last event written (or already there, for an idempotent retry). */
  position: Position;
}

export interface Subscription {
  /** Stops delivery; resolves once no handler call is running. */
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive: delivery starts after this position. Absent: from the start of history. */
  from?: Position;
  /**
   * Called with events in global order, one batch at a time: the next call waits for the previous
   * promise. A rejection stops the subscription and is reported to `onError`.
   */
  onEvents(events: RecordedEvent[]): Promise<void> | void;
  /** Called once, when the subscription has delivered all history that existed when it started. */
  onCaughtUp?(): void;
  onError?(error: unknown): void;
}

export interface EventStore {
  /**
   * Throws WrongExpectedVersion, StoreUnavailable (nothing was written) or AppendOutcomeUnknown
   * (the events may or may not have been written); a TypeError for events it cannot store
   * (an id that is not a UUID, data that cannot be JSON-encoded), before anything is written.
   */
  append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** The events of one stream in revision order, from `fromRevision` (inclusive, default 0); an empty list for a stream that does not exist. */
  readStream(stream: string, fromRevision?: bigint): Promise<RecordedEvent[]>;
  /** Events in global commit order after `from` (exclusive; absent: from the start), at most `limit`. */
  readAll(from: Position | undefined, limit: number): Promise<RecordedEvent[]>;
  /** Catch-up then live: history after `from`, then every new event, in order, without gaps or repeats. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** The position of the last event in the store, or undefined when it is empty. */
  headPosition(): Promise<Position | undefined>;
  /** Cheap liveness check for /api/health. Throws StoreUnavailable when down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

/** The stream was not at the expected revision: someone else decided first. */
export class WrongExpectedVersion extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no_stream' when it does not exist. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

/** A store cannot be reached or written. Nothing was written. Maps to 503 `unavailable`. */
export class StoreUnavailable extends Error {
  constructor(
    /** Names the store for people: "event store" or "read store". */
    readonly store: 'event store' | 'read store',
    readonly reason: string,
  ) {
    super(`${store} unavailable: ${reason}`);
    this.name = 'StoreUnavailable';
  }
}

/**
 * The store did not say whether an append was written: EventStoreDB timed out the commit after the
 * prepares were written, or no answer came within the deadline. The events may be in the stream or
 * not. Trying the same command again is safe: it is decided afresh on the stream as it is, and the
 * same event ids at the same expected revision are written at most once (commands that derive their
 * ids from an Idempotency-Key, a reservation, send exactly those ids again). The embedded store never
 * throws it: its commit either happens or not before it answers. Maps to 503 `unavailable`.
 */
export class AppendOutcomeUnknown extends Error {
  constructor(
    readonly stream: string,
    readonly reason: string,
  ) {
    super(`event store: the outcome of an append to ${stream} is unknown: ${reason}`);
    this.name = 'AppendOutcomeUnknown';
  }
}

export const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit ? (a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1) : a.commit < b.commit ? -1 : 1;

/** Opaque at the HTTP edge: "commit-prepare", exact (bigints never pass through a JS number). */
export const positionToString = (p: Position): string => `${p.commit}-${p.prepare}`;

export const parsePosition = (text: string): Position | undefined => {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(text);
  return match ? { commit: BigInt(match[1]), prepare: BigInt(match[2]) } : undefined;
};
