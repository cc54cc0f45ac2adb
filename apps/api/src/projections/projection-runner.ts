/**
 * Keeps the read models up to date: subscribes to all events from the stored checkpoint, projects
 * each batch and commits the documents before the checkpoint. Also serves read-your-writes
 * (`waitFor`), measures the lag, and replays the whole history for a rebuild or a verify.
 *
 * A subscription that stops on an error (the event store cannot be read, a batch cannot be
 * written to the read store) is opened again from the last applied position, after 100 ms doubling
 * to 5 s, and at once when a command waits for its write (the store evidently works again): an
 * outage ends without a restart (docs/reliability.md, "Store outages"). Delivery is at least once
 * and the writes are guarded by position, so what the old subscription had delivered is harmless.
 */
import { Logger } from '@nestjs/common';
import type { EventStore, Position, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { fromSortablePosition, sortablePosition, type ReadStore, type SortablePosition } from '../read-store/read-store.port';
import { ALL_PROJECTIONS } from '@tessera/projections';
import { crashPoint } from '../crash-points/crash-points';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { recordProjectionBatch } from '../observability/metrics';
import { inProjectionSpan } from '../observability/tracing';
import { DocumentCache } from './document-cache';
import { projectBatch } from './project-batch';

export interface Mismatch {
  collection: string;
  id: string;
  /** The document a replay of the history gives; null when the replay has none. */
  expected: unknown;
  /** The live document; null when the live read model has none. */
  actual: unknown;
}

export interface VerifyReport {
  consistent: boolean;
  eventsReplayed: number;
  mismatches: Mismatch[];
}

async function compare(collection: string, expected: ReadStore, actual: ReadStore): Promise<Mismatch[]> {
  const want = new Map(await expected.entries(collection));
  const have = new Map(await actual.entries(collection));
  const ids = new Set([...want.keys(), ...have.keys()]);
  return [...ids]
    .filter((id) => !isDeepStrictEqual(want.get(id), have.get(id)))
    .map((id) => ({ collection, id, expected: want.get(id) ?? null, actual: have.get(id) ?? null }));
}

/**
 * The read models' checkpoint. Its name carries the documents' shape: when a projection's
 * documents change shape (v2: shows with their layout, seats with section, category and wheelchair
 * place), a store kept from before (MongoDB) still holds the old shape under an older name, and
 * `start` rebuilds it from the history before the app serves from it.
 */
export const CHECKPOINT = 'read-models.v2';
const OLDER_CHECKPOINTS = ['read-models'];
const REPLAY_PAGE = 1000;
/** A position before every position: "replay up to here" replays nothing. */
const NOTHING: SortablePosition = '';
const RESUBSCRIBE_MIN_MS = 100;
const RESUBSCRIBE_MAX_MS = 5000;

interface Waiter {
  position: SortablePosition;
  resolve(reached: boolean): void;
}

export class ProjectionRunner {
  private subscription?: Subscription;
  private position: SortablePosition | undefined;
  private waiters: Waiter[] = [];
  /** Serialises live batches with the final step of a rebuild. */
  private exclusive: Promise<void> = Promise.resolve();
  /** Told of every batch once its documents are written (before read-your-writes waiters are released), and of 'all' after a rebuild swap. */
  private readonly listeners: ((applied: readonly RecordedEvent[] | 'all') => void)[] = [];
  /** Milliseconds from an event's recording to its projection, last batch. */
  lagMs = 0;
  caughtUp = false;
  private stopped = false;
  private resubscribeMs = RESUBSCRIBE_MIN_MS;
  private resubscribeTimer?: NodeJS.Timeout;
  private readonly logger = new Logger('Projections');
  /** What the live batches wrote last, so that the next ones need not read it back (document-cache.ts). */
  private readonly written = new DocumentCache();

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Resolves once the read models hold all history that existed at the call. */
  async start(): Promise<void> {
    this.position = await this.store.checkpoint(CHECKPOINT);
    if (this.position === undefined && (await this.heldOlderShape())) await this.rebuild();
    const head = await this.events.headPosition();
    const reached = head ? this.waitFor(sortablePosition(head), Number.POSITIVE_INFINITY) : Promise.resolve(true);
    this.subscribe();
    await reached;
  }

  private async heldOlderShape(): Promise<boolean> {
    for (const name of OLDER_CHECKPOINTS) if ((await this.store.checkpoint(name)) !== undefined) return true;
    return false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.resubscribeTimer);
    await this.subscription?.close();
    for (const w of this.waiters.splice(0)) w.resolve(false);
  }

  /** Subscribes from the last applied position; on an error, again later (resubscribeLater). */
  private subscribe(): void {
    this.resubscribeTimer = undefined;
    if (this.stopped) return;
    const current: { subscription?: Subscription } = {};
    const failed = (error: unknown) => {
      if (current.subscription && current.subscription !== this.subscription) return; // an older one, already replaced
      this.resubscribeLater(error);
    };
    try {
      current.subscription = this.subscription = this.events.subscribeToAll({
        from: this.position === undefined ? undefined : fromSortablePosition(this.position),
        onEvents: async (batch) => {
          await inProjectionSpan(batch, () => this.serialised(() => this.apply(batch)));
          this.resubscribeMs = RESUBSCRIBE_MIN_MS;
        },
        onCaughtUp: () => {
          this.caughtUp = true;
          this.resubscribeMs = RESUBSCRIBE_MIN_MS;
        },
        onError: failed,
      });
    } catch (error) {
      failed(error);
    }
  }

  private resubscribeLater(error: unknown): void {
    if (this.stopped || this.resubscribeTimer) return;
    const delay = this.resubscribeMs;
    this.resubscribeMs = Math.min(delay * 2, RESUBSCRIBE_MAX_MS);
    this.logger.warn(`projection subscription stopped (${error instanceof Error ? error.message : String(error)}); subscribing again in ${delay} ms`);
    const stale = this.subscription;
    this.subscription = undefined;
    void stale?.close().catch(() => undefined);
    this.resubscribeTimer = setTimeout(() => this.subscribe(), delay);
    this.resubscribeTimer.unref();
  }

  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  waitFor(position: SortablePosition | Position, timeoutMs = 2000): Promise<boolean> {
    const target = typeof position === 'string' ? position : sortablePosition(position);
    if (this.position !== undefined && this.position >= target) return Promise.resolve(true);
    if (this.resubscribeTimer) {
      // A command just wrote at `target`, so the store works again: do not wait out the back-off.
      clearTimeout(this.resubscribeTimer);
      this.subscribe();
    }
    return new Promise((resolve) => {
      const waiter: Waiter = { position: target, resolve };
      this.waiters.push(waiter);
      if (Number.isFinite(timeoutMs)) {
        setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs).unref();
      }
    });
  }

  /** Replays the whole history into `target` (an empty store); returns the number of events replayed. */
  replayInto(target: ReadStore, onProgress?: (replayed: number, position: Position) => void): Promise<number> {
    return this.catchUp(target, undefined, onProgress);
  }

  /**
   * Replays the history into a scratch store up to the live read models' position and compares
   * the two document by document. Live projection pauses only for the last stretch and the compare.
   */
  async verify(): Promise<VerifyReport> {
    const scratch = await this.store.scratch();
    try {
      return await this.compareWithReplay(scratch);
    } finally {
      await scratch.close();
    }
  }

  private async compareWithReplay(scratch: ReadStore): Promise<VerifyReport> {
    // Never past the live position: the live read models only move forward meanwhile.
    let replayed = await this.catchUp(scratch, (await this.store.checkpoint(CHECKPOINT)) ?? NOTHING);
    return this.serialised(async () => {
      const live = (await this.store.checkpoint(CHECKPOINT)) ?? NOTHING;
      replayed += await this.catchUp(scratch, live);
      const mismatches: Mismatch[] = [];
      for (const { collection } of ALL_PROJECTIONS) {
        mismatches.push(...(await compare(collection, scratch, this.store)));
      }
      return { consistent: mismatches.length === 0, eventsReplayed: replayed, mismatches };
    });
  }

  /** Rebuilds the read models in a scratch store and swaps it in; reads go on from the old ones meanwhile. */
  async rebuild(onProgress?: (replayed: number, position: Position) => void): Promise<number> {
    const scratch = await this.store.scratch();
    try {
      return await this.replayAndSwap(scratch, (replayed, position) => {
        onProgress?.(replayed, position);
        crashPoint('rebuild.page'); // test-only: part of the history is in scratch, nothing swapped in
      });
    } finally {
      await scratch.close();
    }
  }

  private async replayAndSwap(scratch: ReadStore, onProgress?: (replayed: number, position: Position) => void): Promise<number> {
    let replayed = await this.replayInto(scratch, onProgress);
    await this.serialised(async () => {
      const base = replayed;
      replayed += await this.catchUp(scratch, undefined, (n, position) => onProgress?.(base + n, position));
      await this.store.swapIn(scratch);
      this.written.clear(); // not needed for correctness (document-cache.ts), but the cache now mostly describes collections that are gone
      // A projector in another process may have written a batch to the old collections while they
      // were being swapped out: replay from the swapped-in checkpoint to the head (guarded, so
      // whatever did land is left alone), so no event is missing from the new read models.
      await this.catchUp(this.store);
      this.position = await this.store.checkpoint(CHECKPOINT);
      this.notify('all');
      this.release();
    });
    return replayed;
  }

  /** Applies the events after `target`'s checkpoint, up to `until` (inclusive) or the end of history. */
  private async catchUp(target: ReadStore, until?: SortablePosition, onProgress?: (replayed: number, position: Position) => void): Promise<number> {
    const checkpoint = await target.checkpoint(CHECKPOINT);
    let from = checkpoint === undefined ? undefined : fromSortablePosition(checkpoint);
    let replayed = 0;
    const written = new DocumentCache(); // of this replay only: `target` may be a scratch store
    for (;;) {
      const page = (await this.events.readAll(from, REPLAY_PAGE)).filter((e) => until === undefined || sortablePosition(e.position) <= until);
      if (page.length === 0) return replayed;
      await applyTo(target, page, written);
      replayed += page.length;
      from = page[page.length - 1].position;
      onProgress?.(replayed, from);
      // The embedded stores answer without yielding: give requests a turn between pages, so a
      // rebuild or verify never holds the event loop for the whole history.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(work);
    this.exclusive = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Caches of read-model views subscribe here to learn what changed (the seat grid's, for one). */
  onApplied(listener: (applied: readonly RecordedEvent[] | 'all') => void): void {
    this.listeners.push(listener);
  }

  private notify(applied: readonly RecordedEvent[] | 'all'): void {
    for (const listener of this.listeners) listener(applied);
  }

  private async apply(batch: RecordedEvent[]): Promise<void> {
    const started = performance.now();
    await applyTo(this.store, batch, this.written);
    this.notify(batch);
    const last = batch[batch.length - 1];
    this.lagMs = Math.max(0, this.now().getTime() - last.recordedAt.getTime());
    const position = sortablePosition(last.position);
    if (this.position === undefined || position > this.position) this.position = position;
    recordProjectionBatch(batch.length, last.position.commit, (performance.now() - started) / 1000);
    this.release();
  }

  private release(): void {
    const current = this.position;
    if (current === undefined) return;
    this.waiters = this.waiters.filter((w) => {
      if (w.position > current) return true;
      w.resolve(true);
      return false;
    });
  }
}

async function applyTo(store: ReadStore, batch: readonly RecordedEvent[], written: DocumentCache): Promise<void> {
  const writes = await projectBatch(store, batch, written);
  await store.commit(writes, { name: CHECKPOINT, position: sortablePosition(batch[batch.length - 1].position) });
  written.remember(writes);
}

/** How far the read models are behind the history: 0 when caught up, else the age of the oldest event not yet projected. */
export async function projectionLagMs(events: EventStore, store: ReadStore, now = Date.now()): Promise<number> {
  const checkpoint = await store.checkpoint(CHECKPOINT);
  const [next] = await events.readAll(checkpoint === undefined ? undefined : fromSortablePosition(checkpoint), 1);
  return next ? Math.max(0, now - next.recordedAt.getTime()) : 0;
}
