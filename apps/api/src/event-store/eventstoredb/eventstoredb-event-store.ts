/**
 * The production event store: the EventStore port on EventStoreDB (`@eventstore/db-client` 6.x).
 * The server gives every guarantee the port asks for; this adapter only translates (see
 * eventstoredb-mapping.ts) and turns a live subscription into ordered batches.
 */
import { BACKWARDS, END, EventStoreDBClient, START, StreamNotFoundError, excludeSystemEvents, type Position as ClientPosition } from '@eventstore/db-client';
import { StoreUnavailable, type AppendResult, type EventStore, type ExpectedRevision, type NewEvent, type Position, type RecordedEvent, type SubscribeOptions, type Subscription } from '../event-store.port';
import { fromResolved, mapError, toClientRevision, toEventData } from './eventstoredb-mapping';

const DEADLINE_MS = 10_000;

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;

  private constructor(private readonly url: string) {
    this.client = EventStoreDBClient.connectionString(url);
  }

  /** Connects and checks the server answers within `timeoutMs`; throws StoreUnavailable naming the URL otherwise. */
  static async connect(url: string, timeoutMs = 8000): Promise<EventStoreDbEventStore> {
    let store: EventStoreDbEventStore;
    try {
      store = new EventStoreDbEventStore(url);
    } catch (error) {
      throw new StoreUnavailable('event store', `EventStoreDB connection string ${url} is invalid: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      await store.ping(timeoutMs);
      return store;
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  async append(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    try {
      const result = await this.client.appendToStream(stream, events.map(toEventData), { expectedRevision: toClientRevision(expectedRevision), deadline: DEADLINE_MS });
      const position = result.position ?? { commit: 0n, prepare: 0n };
      return { nextExpectedRevision: result.nextExpectedRevision, position: { commit: position.commit, prepare: position.prepare } };
    } catch (error) {
      throw mapError(error, stream, this.url);
    }
  }

  async readStream(stream: string, fromRevision?: bigint): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { fromRevision: fromRevision ?? START, deadline: DEADLINE_MS })) {
        const e = fromResolved(resolved);
        if (e) events.push(e);
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw mapError(error, stream, this.url);
    }
  }

  async readAll(from: Position | undefined, limit: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let start: ClientPosition | typeof START = from ?? START;
    let skip: ClientPosition | undefined = from;
    try {
      // The port's `from` is exclusive and has no system events: skip the start position if the
      // server includes it, drop system events, and page on until `limit` events are found.
      while (events.length < limit) {
        let read = 0;
        let last: ClientPosition | undefined;
        for await (const resolved of this.client.readAll({ fromPosition: start, maxCount: limit + 1, deadline: DEADLINE_MS })) {
          read++;
          const position = resolved.event?.position;
          last = position ?? last;
          if (skip && position && position.commit === skip.commit && position.prepare === skip.prepare) continue;
          const e = fromResolved(resolved);
          if (e && events.length < limit) events.push(e);
        }
        if (read < limit + 1 || !last) break;
        start = last;
        skip = last;
      }
      return events;
    } catch (error) {
      throw mapError(error, undefined, this.url);
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const subscription = this.client.subscribeToAll({ fromPosition: options.from ?? START, filter: excludeSystemEvents() });
    const queue: RecordedEvent[] = [];
    let draining: Promise<void> | undefined;
    let stopped = false;
    const drain = async () => {
      while (queue.length && !stopped) {
        const batch = queue.splice(0, queue.length);
        subscription.pause();
        try {
          await options.onEvents(batch);
        } catch (error) {
          stopped = true;
          await subscription.unsubscribe();
          options.onError?.(error);
          return;
        } finally {
          subscription.resume();
        }
      }
    };
    subscription.on('data', (resolved) => {
      const e = fromResolved(resolved);
      if (!e || stopped) return;
      queue.push(e);
      draining ??= drain().finally(() => (draining = undefined));
    });
    subscription.on('caughtUp', () => options.onCaughtUp?.());
    subscription.on('error', (error) => {
      if (!stopped) options.onError?.(mapError(error, undefined, this.url));
    });
    return {
      close: async () => {
        stopped = true;
        await subscription.unsubscribe();
        await draining;
      },
    };
  }

  async headPosition(): Promise<Position | undefined> {
    try {
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 100, deadline: DEADLINE_MS })) {
        const e = fromResolved(resolved);
        if (e) return e.position;
      }
      return undefined;
    } catch (error) {
      throw mapError(error, undefined, this.url);
    }
  }

  async ping(timeoutMs = 2000): Promise<void> {
    try {
      for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: timeoutMs })) break;
    } catch (error) {
      const mapped = mapError(error, undefined, this.url);
      throw mapped instanceof StoreUnavailable ? mapped : new StoreUnavailable('event store', `EventStoreDB at ${this.url}: ${mapped.message}`);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
