/**
 * The read side as the API uses it. Where this process projects (the embedded default, or
 * PROCESS_ROLE=all), the projection runner is started before the app takes requests (the embedded
 * read store is rebuilt from history here). Where a separate projector does (PROCESS_ROLE=api with
 * a shared read store), this process only reads, and read-your-writes waits on the shared checkpoint.
 */
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config';
import { EVENT_STORE, type EventStore, type Position } from '../event-store/event-store.port';
import { fromSortablePosition, READ_STORE, sortablePosition, type ReadStore } from '../read-store/read-store.port';
import { CHECKPOINT, ProjectionRunner } from './projection-runner';

const WAIT_MS = 2000;
const POLL_MS = 5;

/** Whether this process runs the projections (always with the embedded read store: it is in this process's memory). */
export const projectsHere = (config: Config): boolean => config.readStore === 'embedded' || config.processRole !== 'api';

@Injectable()
export class ReadModels implements OnApplicationShutdown {
  readonly runner: ProjectionRunner;
  readonly local: boolean;

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
    if (this.local) {
      await this.runner.waitFor(position, WAIT_MS);
      return;
    }
    const target = typeof position === 'string' ? position : sortablePosition(position);
    for (const deadline = Date.now() + WAIT_MS; Date.now() < deadline; ) {
      const checkpoint = await this.store.checkpoint(CHECKPOINT);
      if (checkpoint !== undefined && checkpoint >= target) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** How far the read models are behind the history: 0 when caught up, else the age of the oldest event not yet projected. */
  async lagMs(now = Date.now()): Promise<number> {
    const checkpoint = await this.store.checkpoint(CHECKPOINT);
    const [next] = await this.events.readAll(checkpoint === undefined ? undefined : fromSortablePosition(checkpoint), 1);
    return next ? Math.max(0, now - next.recordedAt.getTime()) : 0;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
