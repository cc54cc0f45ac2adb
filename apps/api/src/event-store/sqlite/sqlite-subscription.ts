/**
 * A subscription to all events of the embedded store: catch-up in batches, then live. Live means
 * woken in-process right after each commit of this store, and polling the file every `pollMs` for
 * commits made by other processes. It reads strictly after its own checkpoint, and SQLite commits
 * one writer at a time in position order, so it never skips or repeats an event. A failed read
 * or a rejected handler stops it and goes to onError: resubscribe from your checkpoint, as after an
 * EventStoreDB subscription drop.
 */
import { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';

export interface SubscriptionSource {
  /** Events with position > `after`, in order, at most `limit`. Throws StoreUnavailable. */
  read(after: bigint, limit: number): RecordedEvent[];
  /** Called once when the subscription has stopped, for the store to forget it. */
  stopped(subscription: SqliteSubscription): void;
}

export class SqliteSubscription implements Subscription {
  private closed = false;
  /** Set by notify(): something may have been committed since the last read. */
  private dirty = false;
  private wake?: () => void;
  private readonly done: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
    private readonly pollMs: number,
    private readonly batchSize: number,
  ) {
    this.done = this.run();
  }

  /** A commit happened in this process. */
  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  /** Stops delivery; resolves once no handler call is running. Do not await it inside onEvents. */
  close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    return this.done;
  }

  private async run(): Promise<void> {
    let checkpoint = this.options.from?.commit ?? 0n;
    let caughtUp = false;
    await Promise.resolve(); // never call a handler before subscribeToAll has returned
    try {
      while (!this.closed) {
        this.dirty = false;
        const events = this.source.read(checkpoint, this.batchSize);
        if (events.length > 0) {
          await this.options.onEvents(events);
          checkpoint = events[events.length - 1].position.commit;
        }
        if (events.length === this.batchSize) continue;
        if (!caughtUp) {
          caughtUp = true;
          this.options.onCaughtUp?.();
        }
        if (!this.dirty && !this.closed) await this.sleep();
      }
    } catch (error) {
      this.closed = true;
      try {
        this.options.onError?.(error);
      } catch {
        // an onError that throws must not become an unhandled rejection
      }
    } finally {
      this.source.stopped(this);
    }
  }

  /** Until notify(), close() or the polling interval, whichever comes first. */
  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      timer.unref();
      this.wake = done;
    });
  }
}
