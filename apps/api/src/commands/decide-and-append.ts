/**
 * The one command loop (Emmett style): read the stream, fold it, decide, append with the revision
 * that was read. A WrongExpectedVersion means someone else decided first: read again and decide
 * again, a bounded number of times. This per-stream optimistic concurrency is the only lock.
 */
import { randomUUID } from 'node:crypto';
import type { Decider } from '@tessera/domain';
import { v5 as uuidv5 } from 'uuid';
import {
  WrongExpectedVersion,
  type EventMetadata,
  type EventStore,
  type Position,
  type RecordedEvent,
} from '../event-store/event-store.port';

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
  history: RecordedEvent[];
}

export async function loadStream<C, E, S>(store: EventStore, stream: string, decider: Decider<C, E, S>): Promise<StreamState<S>> {
  const history = await store.readStream(stream);
  const state = history.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());
  return { state, revision: history.length ? history[history.length - 1].revision : undefined, history };
}

export async function decideAndAppend<C, E extends { type: string; data: unknown }, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, E, S>,
  command: C,
  now: () => Date,
  context: CommandContext,
): Promise<Decision<S, E>> {
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await loadStream(store, stream, decider);
    const events = decider.decide(command, state, now());
    if (events.length === 0) return { state, events, revision, position: undefined };
    try {
      const result = await store.append(stream, toNewEvents(stream, revision, events, context), revision ?? 'no_stream');
      return { state: events.reduce(decider.evolve, state), events, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

export function toNewEvents(
  stream: string,
  revision: bigint | undefined,
  events: readonly { type: string; data: unknown }[],
  context: CommandContext,
) {
  const first = revision === undefined ? 0n : revision + 1n;
  return events.map((e, i) => ({
    id: context.idempotencyBase ? uuidv5(`${context.idempotencyBase}|${stream}|${first + BigInt(i)}`, EVENT_ID_NAMESPACE) : randomUUID(),
    type: e.type,
    data: e.data,
    metadata: context.metadata,
  }));
}
