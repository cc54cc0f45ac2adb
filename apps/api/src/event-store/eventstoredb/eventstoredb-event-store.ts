/**
 * The production event store: the EventStore port on EventStoreDB (`@eventstore/db-client` 6.x).
 * The server gives every guarantee the port asks for; this adapter translates (see
 * eventstoredb-mapping.ts), turns a live subscription into ordered batches
 * (eventstoredb-subscription.ts), and puts a deadline on every call.
 *
 * Deadlines are the adapter's own: the client passes `deadline: Infinity` to gRPC for readAll,
 * readStream and subscribeToAll whatever it is given, and sends a batch append's deadline only to
 * the server. A server that takes a call and never answers would hold start-up, /api/health/ and
 * every command forever. So each call races a timer that cancels it: a read then fails with
 * StoreUnavailable (a read writes nothing), an append with AppendOutcomeUnknown (it was sent).
 * docs/eventstoredb.md lists the client's behaviours this works around and the fault tests that
 * prove each (eventstoredb-event-store.faults.spec.ts).
 */
import {
  BACKWARDS, END, EventStoreDBClient, START, StreamNotFoundError, excludeSystemEvents,
  type AllStreamResolvedEvent, type Position as ClientPosition, type ResolvedEvent, type StreamingRead,
} from '@eventstore/db-client';
import {
  AppendOutcomeUnknown, StoreUnavailable, WrongExpectedVersion, type AppendResult, type EventStore, type ExpectedRevision, type NewEvent, type Position,
  type RecordedEvent, type SubscribeOptions, type Subscription,
} from '../event-store.port';
import { fromAll, fromResolved, mapAppendError, mapError, toClientRevision, toEventData } from './eventstoredb-mapping';
import { EventStoreDbSubscription, SUBSCRIPTION_BATCH } from './eventstoredb-subscription';

export interface Deadlines {
  /** A read (readAll, readStream, headPosition) fails with StoreUnavailable past this. */
  readMs: number;
  /** An append fails with AppendOutcomeUnknown past this; the server is given the same deadline. */
  appendMs: number;
  /** A subscription the server has not confirmed by then is reported to onError. */
  subscribeMs: number;
  /** ping (the health check) reports the store down past this. */
  pingMs: number;
}

const DEFAULT_DEADLINES: Deadlines = { readMs: 10_000, appendMs: 10_000, subscribeMs: 10_000, pingMs: 2000 };
/** Records per page when looking back from the end of $all for the last application event. */
const HEAD_PAGE = 500;

const samePosition = (a: ClientPosition | undefined, b: ClientPosition | undefined): boolean =>
  a !== undefined && b !== undefined && a.commit === b.commit && a.prepare === b.prepare;

const satisfies = (expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean =>
  expected === 'any' || (expected === 'exists' ? actual !== 'no_stream' : expected === actual);

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly deadlines: Deadlines;

  private constructor(
    private readonly url: string,
    deadlines: Partial<Deadlines>,
  ) {
    this.client = EventStoreDBClient.connectionString(url);
    this.deadlines = { ...DEFAULT_DEADLINES, ...deadlines };
  }

  /** Connects and checks the server answers within `timeoutMs`; throws StoreUnavailable naming the URL otherwise. */
  static async connect(url: string, timeoutMs = 8000, deadlines: Partial<Deadlines> = {}): Promise<EventStoreDbEventStore> {
    let store: EventStoreDbEventStore;
    try {
      store = new EventStoreDbEventStore(url, deadlines);
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
    const data = events.map(toEventData); // throws for data that cannot be JSON-encoded, before anything is sent
    if (data.length === 0) return this.appendNothing(stream, expectedRevision);
    const { appendMs } = this.deadlines;
    try {
      const appended = this.client.appendToStream(stream, data, { expectedRevision: toClientRevision(expectedRevision), deadline: appendMs });
      const result = await raceTimer(appended, appendMs, () => new AppendOutcomeUnknown(stream, `EventStoreDB at ${this.url} did not answer within ${appendMs} ms`));
      const position = result.position ?? { commit: 0n, prepare: 0n };
      return { nextExpectedRevision: result.nextExpectedRevision, position: { commit: position.commit, prepare: position.prepare } };
    } catch (error) {
      throw error instanceof AppendOutcomeUnknown ? error : mapAppendError(error, stream, this.url);
    }
  }

  /**
   * An empty append writes nothing, so it is answered from the stream's last event, with the
   * expected revision checked as the server would. (The server's answer cannot be used: the client
   * reports its "no stream" as revision 0, where the port, as the embedded store, says -1.)
   */
  private async appendNothing(stream: string, expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const last = await this.lastEventOf(stream);
    const actual = last ? last.revision : 'no_stream';
    if (!satisfies(expectedRevision, actual)) throw new WrongExpectedVersion(stream, expectedRevision, actual);
    return { nextExpectedRevision: last?.revision ?? -1n, position: last?.position ?? { commit: 0n, prepare: 0n } };
  }

  private async lastEventOf(stream: string): Promise<RecordedEvent | undefined> {
    let last: RecordedEvent | undefined;
    try {
      await this.consume(this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }), (resolved) => {
        last = fromResolved(resolved) ?? last;
      });
      return last;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw mapError(error, stream, this.url);
    }
  }

  async readStream(stream: string, fromRevision?: bigint): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      await this.consume(this.client.readStream(stream, { fromRevision: fromRevision ?? START }), (resolved) => {
        const e = fromResolved(resolved);
        if (e) events.push(e);
      });
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
        await this.consume(this.client.readAll({ fromPosition: start, maxCount: limit + 1 }), (resolved) => {
          read++;
          const position = resolved.event?.position;
          last = position ?? last;
          if (samePosition(position, skip)) return;
          const e = fromAll(resolved);
          if (e && events.length < limit) events.push(e);
        });
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
    const stream = this.client.subscribeToAll({ fromPosition: options.from ?? START, filter: excludeSystemEvents() }, { highWaterMark: SUBSCRIPTION_BATCH });
    return new EventStoreDbSubscription(stream, options, this.url, this.deadlines.subscribeMs);
  }

  /** Looks back from the end of $all, page by page, past system records ($stats and the like) to the last application event. */
  async headPosition(): Promise<Position | undefined> {
    let from: ClientPosition | typeof END = END;
    try {
      for (;;) {
        let read = 0;
        let last: ClientPosition | undefined;
        let found: RecordedEvent | undefined;
        const skip = from === END ? undefined : from;
        await this.consume(this.client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE }), (resolved) => {
          read++;
          const position = resolved.event?.position;
          last = position ?? last;
          if (samePosition(position, skip)) return;
          found = fromAll(resolved);
          if (found) return 'stop';
        });
        if (found) return found.position;
        if (read < HEAD_PAGE || !last) return undefined;
        from = last;
      }
    } catch (error) {
      throw mapError(error, undefined, this.url);
    }
  }

  async ping(timeoutMs = this.deadlines.pingMs): Promise<void> {
    try {
      await this.consume(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), () => 'stop', timeoutMs);
    } catch (error) {
      const mapped = mapError(error, undefined, this.url);
      throw mapped instanceof StoreUnavailable ? mapped : new StoreUnavailable('event store', `EventStoreDB at ${this.url}: ${mapped.message}`);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * Reads a read to its end within `timeoutMs`, handing each event to `take` until it answers
   * 'stop'. Past the deadline the call is cancelled and StoreUnavailable thrown; the client's own
   * errors are thrown as they are.
   *
   * The rest of the read is drained, never left with a `break`: that destroys the client's stream
   * but leaves its gRPC call unread, so the client keeps it among its open calls for good (one per
   * ping of a non-empty store) and `dispose()`, which waits for every open call, never returns.
   */
  private async consume<E extends ResolvedEvent | AllStreamResolvedEvent>(
    read: StreamingRead<E>,
    take: (resolved: E) => 'stop' | void,
    timeoutMs = this.deadlines.readMs,
  ): Promise<void> {
    const all = (async () => {
      let taking = true;
      for await (const resolved of read) if (taking && take(resolved) === 'stop') taking = false;
    })();
    await raceTimer(all, timeoutMs, () => {
      void read.cancel();
      read.destroy(); // ends the loop above, which a cancelled call leaves waiting
      return new StoreUnavailable('event store', `EventStoreDB at ${this.url} did not answer a read within ${timeoutMs} ms`);
    });
  }
}

/** The promise's outcome, or the error `late()` gives when it has not settled within `ms`. */
async function raceTimer<T>(promise: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
