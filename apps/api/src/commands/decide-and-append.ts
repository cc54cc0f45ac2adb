/**
 * The one command loop (Emmett style): read the stream, fold it, decide, append with the revision
 * that was read. A WrongExpectedVersion means someone else decided first: read again and decide
 * again, a bounded number of times. This per-stream optimistic concurrency is the only lock.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, storedTypeOf, upcast, type Decider } from '@tessera/domain';
import { v5 as uuidv5 } from 'uuid';
import { performance } from 'node:perf_hooks';
import {
  AppendOutcomeUnknown,
  StoreUnavailable,
  WrongExpectedVersion,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
} from '../event-store/event-store.port';
import { recordAppend, recordCommand, recordConcurrencyRetry } from '../observability/metrics';
import { currentTraceparent, inSpan } from '../observability/tracing';

/** Namespace of the deterministic event ids (uuid v5), so a retried command appends the same ids. */
const EVENT_ID_NAMESPACE = '5b3c1f0e-8d7a-4c36-9a51-6f0d2e4b7c19';
const MAX_ATTEMPTS = 8;

export interface CommandContext {
  metadata: EventMetadata;
  /** When set, event ids derive from it, the stream and the revision: a retry appends nothing twice. */
  idempotencyBase?: string;
}

export interface Decision<State, Event> {
  state: State;
  /** The events this command appended; [] when the decision changed nothing. */
  events: Event[];
  /** Revision of the stream's last event after the decision; undefined when the stream does not exist. */
  revision: bigint | undefined;
  /** Position of the last appended event, for read-your-writes; undefined when nothing was appended. */
  position: Position | undefined;
}

export interface StreamState<State> {
  state: State;
  revision: bigint | undefined;
}

/**
 * Folded states of recently used streams, per event store and decider, so that a command reads
 * only the events after the revision it last saw instead of the whole stream (a seat locked and
 * unlocked all evening has a long stream). It only ever holds states folded from events read from
 * the store or appended by this process with the expected revision, so it can be behind, never
 * wrong: a stale entry is brought up to date by the read that follows, and a conflict re-reads.
 */
const MAX_CACHED_STREAMS = 50_000;
const folded = new WeakMap<EventStore, WeakMap<object, Map<string, StreamState<unknown>>>>();

function cacheOf<S>(store: EventStore, decider: object): Map<string, StreamState<S>> {
  let byDecider = folded.get(store);
  if (!byDecider) folded.set(store, (byDecider = new WeakMap()));
  let streams = byDecider.get(decider);
  if (!streams) byDecider.set(decider, (streams = new Map()));
  return streams as Map<string, StreamState<S>>;
}

function remember<S>(cache: Map<string, StreamState<S>>, stream: string, entry: StreamState<S>): void {
  cache.delete(stream); // re-inserted last: the Map's order is the order of use
  cache.set(stream, entry);
  if (cache.size > MAX_CACHED_STREAMS) cache.delete(cache.keys().next().value!);
}

export async function loadStream<C, E, S>(store: EventStore, stream: string, decider: Decider<C, E, S>): Promise<StreamState<S>> {
  const cache = cacheOf<S>(store, decider);
  const known = cache.get(stream);
  const from = known?.revision === undefined ? 0n : known.revision + 1n;
  const events = await store.readStream(stream, from);
  let state = known?.revision === undefined ? decider.initialState() : known.state;
  for (const e of events) state = decider.evolve(state, upcast(e.type, e.data) as E);
  const entry = { state, revision: events.length ? events[events.length - 1].revision : known?.revision };
  remember(cache, stream, entry);
  return entry;
}

/**
 * Decides on the stream's state and appends the events with the revision the state was folded at.
 *
 * The first attempt decides on the cached state, without reading the store (a read is a quarter of
 * the store's work per command: docs/performance.md). That is only ever taken when the append
 * succeeds: the store accepts it at exactly the cached revision, so the cached state was the
 * stream's state and the decision is the one a fresh read would have given. A refusal or an empty
 * decision on the cached state proves nothing (the stream may have moved on), so either is decided
 * again on a fresh read before it is answered, as is a WrongExpectedVersion. Commands with an
 * idempotency base always read first: their event ids are the same on every try, so the store
 * would take a stale decision for the one already appended (and answer its position) instead of
 * refusing it.
 */
export async function decideAndAppend<C, E extends { type: string; data: unknown }, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, E, S>,
  command: C,
  now: () => Date,
  context: CommandContext,
): Promise<Decision<S, E>> {
  const type = (command as { type?: string }).type ?? 'unknown';
  return inSpan(type, { 'tessera.stream': stream }, async () => {
    try {
      const decision = await decideAndAppendOnce(store, stream, decider, command, now, context, type);
      recordCommand(type, 'ok');
      return decision;
    } catch (error) {
      // A refusal counts under its problem code; anything else (a store down, a bug) is an error.
      recordCommand(type, error instanceof DomainError ? error.code : 'error');
      throw error;
    }
  });
}

async function decideAndAppendOnce<C, E extends { type: string; data: unknown }, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, E, S>,
  command: C,
  now: () => Date,
  context: CommandContext,
  type: string,
): Promise<Decision<S, E>> {
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) recordConcurrencyRetry(type);
    const cached = attempt === 1 ? cacheOf<S>(store, decider).get(stream) : undefined;
    const optimistic = cached !== undefined && cached.revision !== undefined && context.idempotencyBase === undefined;
    const { state, revision } = optimistic ? cached : await loadStream(store, stream, decider);
    let events: E[];
    try {
      events = decider.decide(command, state, now());
    } catch (refusal) {
      if (optimistic) continue;
      throw refusal;
    }
    if (events.length === 0) {
      if (optimistic) continue;
      return { state, events, revision, position: undefined };
    }
    try {
      const result = await appendTimed(store, stream, toNewEvents(stream, revision, events, context), revision ?? 'no_stream');
      const next = events.reduce(decider.evolve, state);
      // Exactly what the store now holds: the state read at `revision` plus the events just appended after it.
      if (result.nextExpectedRevision === (revision ?? -1n) + BigInt(events.length)) remember(cacheOf<S>(store, decider), stream, { state: next, revision: result.nextExpectedRevision });
      return { state: next, events, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

function appendOutcomeOf(error: unknown): string {
  if (error instanceof WrongExpectedVersion) return 'wrong_expected_version';
  if (error instanceof StoreUnavailable) return 'unavailable';
  if (error instanceof AppendOutcomeUnknown) return 'outcome_unknown';
  return 'error';
}

/** An append, counted and timed by outcome for the metrics (every append of the API goes through here). */
export function appendTimed(store: EventStore, stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
  return inSpan('append', { 'tessera.stream': stream, 'tessera.events': events.length }, async () => {
    const started = performance.now();
    try {
      const result = await store.append(stream, events, expected);
      recordAppend('ok', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      recordAppend(appendOutcomeOf(error), 0);
      throw error;
    }
  });
}

export function toNewEvents(
  stream: string,
  revision: bigint | undefined,
  events: readonly { type: string; data: unknown }[],
  context: CommandContext,
) {
  const first = revision === undefined ? 0n : revision + 1n;
  // Tracing on: the command's span goes into the metadata, for the projection's span to link to (tracing.ts).
  const traceparent = currentTraceparent();
  const metadata = traceparent === undefined ? context.metadata : { ...context.metadata, traceparent };
  return events.map((e, i) => ({
    id: context.idempotencyBase ? uuidv5(`${context.idempotencyBase}|${stream}|${first + BigInt(i)}`, EVENT_ID_NAMESPACE) : randomUUID(),
    type: storedTypeOf(e.type),
    data: e.data,
    metadata,
  }));
}
