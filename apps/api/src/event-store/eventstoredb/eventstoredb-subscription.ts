/**
 * A subscription to $all on EventStoreDB, as the port describes it: events in order, in batches of
 * what has arrived (up to 500, as the embedded store), one handler call at a time; onCaughtUp once,
 * after the history that existed at the start was handled; and every end the application did not
 * ask for reported to onError, so that the caller subscribes again from its checkpoint.
 *
 * What the client gives needs three corrections:
 *  - It emits `caughtUp` when the server's CaughtUp message passes through its stream, while the
 *    events before it may still wait in the stream's buffer (a slow handler leaves them there), and
 *    again after every FellBehind. So the number of events ahead of the message is noted, and
 *    onCaughtUp called once, when that many have been read and handled.
 *  - A call the server ends with status OK (it does on some internal exceptions) only ends the
 *    stream: no error.
 *  - Its call has no deadline: a server that takes the call and never answers holds it forever.
 *    The server confirms every subscription first; one not confirmed within `confirmMs` is reported.
 */
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { StoreUnavailable, type RecordedEvent, type SubscribeOptions, type Subscription } from '../event-store.port';
import { fromAll, mapError } from './eventstoredb-mapping';

/** At most this many events a batch, and as many buffered ahead of the handler. */
export const SUBSCRIPTION_BATCH = 500;

export class EventStoreDbSubscription implements Subscription {
  private stopped = false;
  private ended = false;
  /** Records read from the client's stream so far (system events included). */
  private read = 0;
  /** onCaughtUp is due once this many records have been read and handled. */
  private caughtUpAfter?: number;
  private caughtUpCalled = false;
  private running?: Promise<void>;
  private again = false;
  private readonly confirmTimer: NodeJS.Timeout;

  constructor(
    private readonly stream: AllStreamSubscription,
    private readonly options: SubscribeOptions,
    private readonly url: string,
    confirmMs: number,
  ) {
    this.confirmTimer = setTimeout(() => this.fail(new StoreUnavailable('event store', `EventStoreDB at ${url} did not confirm a subscription within ${confirmMs} ms`)), confirmMs);
    this.confirmTimer.unref();
    stream.on('confirmation', () => clearTimeout(this.confirmTimer));
    stream.on('readable', () => {
      clearTimeout(this.confirmTimer); // the server answers
      this.pump();
    });
    stream.on('caughtUp', () => {
      if (this.caughtUpCalled || this.caughtUpAfter !== undefined) return;
      // Every record the server sent before CaughtUp is read already or in the buffer now.
      this.caughtUpAfter = this.read + stream.readableLength;
      this.pump();
    });
    stream.on('error', (error) => this.fail(mapError(error, undefined, url)));
    const ended = () => {
      this.ended = true;
      this.pump();
    };
    stream.on('end', ended);
    stream.on('close', ended);
  }

  /** Stops delivery; resolves once no handler call is running. */
  async close(): Promise<void> {
    this.stop();
    await this.stream.unsubscribe().catch(() => undefined);
    await this.running;
  }

  /** Delivers what is there; a signal while a delivery runs (more events, CaughtUp, the end) gets another. */
  private pump(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = this.deliver().finally(() => {
      this.running = undefined;
      if (this.again) this.pump();
    });
  }

  /**
   * Hands what has arrived to the handler, batch by batch, until the stream's buffer is empty. A
   * handler that throws (onEvents, onCaughtUp) stops the subscription and goes to onError.
   */
  private async deliver(): Promise<void> {
    try {
      while (!this.stopped) {
        const batch = this.take();
        if (batch.length > 0) {
          await this.options.onEvents(batch);
        } else if (this.caughtUpDue()) {
          this.caughtUpAfter = undefined;
          this.caughtUpCalled = true;
          this.options.onCaughtUp?.();
        } else {
          // The buffer is empty. An ended stream stays empty: the server closed the call (status OK).
          if (this.ended) this.fail(new StoreUnavailable('event store', `EventStoreDB at ${this.url} ended the subscription`));
          return;
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** The events read up to a full batch, the CaughtUp mark or an empty buffer, whichever comes first. */
  private take(): RecordedEvent[] {
    const batch: RecordedEvent[] = [];
    while (batch.length < SUBSCRIPTION_BATCH && !this.caughtUpDue()) {
      const resolved = this.stream.read() as AllStreamResolvedEvent | null;
      if (resolved === null) break;
      this.read++;
      const event = fromAll(resolved);
      if (event) batch.push(event);
    }
    return batch;
  }

  private caughtUpDue(): boolean {
    return this.caughtUpAfter !== undefined && this.read >= this.caughtUpAfter;
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.confirmTimer);
  }

  /** Stops, and reports the first failure only: later ones (the end that follows an error) say nothing new. */
  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stop();
    void this.stream.unsubscribe().catch(() => undefined);
    try {
      this.options.onError?.(error);
    } catch {
      // an onError that throws must not become an unhandled rejection
    }
  }
}
