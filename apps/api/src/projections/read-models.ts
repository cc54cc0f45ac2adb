/**
 * The read side as the API uses it. Where this process projects (the embedded default, or
 * PROCESS_ROLE=all), the projection runner is started before the app takes requests (the embedded
 * read store is rebuilt from history here). Where a separate projector does (PROCESS_ROLE=api with
 * a shared read store), this process only reads, and read-your-writes waits on the shared checkpoint.
 */
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config';
import { EVENT_STORE, type EventStore, type Position } from '../event-store/event-store.port';
import { READ_STORE, sortablePosition, type ReadStore, type SortablePosition } from '../read-store/read-store.port';
import { performance } from 'node:perf_hooks';
import { recordReadYourWrites } from '../observability/metrics';
import { CHECKPOINT, ProjectionRunner, projectionLagMs } from './projection-runner';

const WAIT_MS = 2000;
const POLL_MS = 5;
/** Logged (a warning) by a request that waited out WAIT_MS; test/mongodb/scale-out.spec.ts counts these lines. */
export const READ_YOUR_WRITES_TIMED_OUT = 'read-your-writes: the read models did not reach';

interface CheckpointWaiter {
  target: SortablePosition;
  resolve(): void;
  reject(error: unknown): void;
}

/** Whether this process runs the projections (always with the embedded read store: it is in this process's memory). */
export const projectsHere = (config: Config): boolean => config.readStore === 'embedded' || config.processRole !== 'api';

@Injectable()
export class ReadModels implements OnApplicationShutdown {
  readonly runner: ProjectionRunner;
  readonly local: boolean;
  /** Requests waiting for the shared checkpoint (where another process projects). */
  private readonly checkpointWaiters = new Set<CheckpointWaiter>();
  private polling = false;
  private readonly logger = new Logger('ReadModels');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) readonly store: ReadStore,
    @Inject(CONFIG) config: Config,
  ) {
    // The lag compares the event store's recording time (wall clock) with the time of projection, so it
    // is measured on the wall clock (the runner's default), never on the app clock that tests move.
    this.runner = new ProjectionRunner(events, store);
    this.local = projectsHere(config);
  }

  async start(): Promise<void> {
    if (this.local) await this.runner.start();
  }

  /** Read-your-writes: wait (at most 2 s) until the read models include the caller's last write. */
  async caughtUpWith(position: Position | string | undefined): Promise<void> {
    if (position === undefined) return;
    const target = typeof position === 'string' ? position : sortablePosition(position);
    const started = performance.now();
    if (this.local) {
      const included = await this.runner.waitFor(target, WAIT_MS);
      if (!included) this.timedOut(target);
      recordReadYourWrites((performance.now() - started) / 1000, !included);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.checkpointWaiters.delete(waiter)) return;
        this.timedOut(target);
        recordReadYourWrites((performance.now() - started) / 1000, true);
        resolve();
      }, WAIT_MS);
      const settle = (then: () => void) => (clearTimeout(timer), then());
      const included = () => (recordReadYourWrites((performance.now() - started) / 1000, false), resolve());
      const waiter: CheckpointWaiter = { target, resolve: () => settle(included), reject: (error) => settle(() => reject(error)) };
      this.checkpointWaiters.add(waiter);
      void this.pollCheckpoint();
    });
  }

  /** The request answers without its write in the read models: the projection is too slow (issue 9), so say so. */
  private timedOut(target: SortablePosition): void {
    this.logger.warn(`${READ_YOUR_WRITES_TIMED_OUT} position ${target} within ${WAIT_MS} ms; answering anyway`);
  }

  /**
   * One read of the shared checkpoint at a time for every request of this process that waits on it,
   * every POLL_MS while any waits. A loop per request multiplied those reads by the number of waiting
   * requests (twice the checkpoint reads in test/mongodb/scale-out.spec.ts with 30 clients), on the
   * store the projector they all wait for must write to.
   */
  private async pollCheckpoint(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.checkpointWaiters.size) {
        let checkpoint: SortablePosition | undefined;
        try {
          checkpoint = await this.store.checkpoint(CHECKPOINT);
        } catch (error) {
          for (const w of this.checkpointWaiters) w.reject(error);
          this.checkpointWaiters.clear();
          return;
        }
        for (const w of this.checkpointWaiters) {
          if (checkpoint !== undefined && checkpoint >= w.target) {
            this.checkpointWaiters.delete(w);
            w.resolve();
          }
        }
        if (this.checkpointWaiters.size) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      this.polling = false;
    }
  }

  /** How far the read models are behind the history: 0 when caught up, else the age of the oldest event not yet projected. */
  lagMs(now = Date.now()): Promise<number> {
    return projectionLagMs(this.events, this.store, now);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
