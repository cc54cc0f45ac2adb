/**
 * The read side as the API uses it: the projection runner over the configured stores, started
 * before the app takes requests (the embedded read store is rebuilt from history here).
 */
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type Position } from '../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ProjectionRunner } from './projection-runner';

@Injectable()
export class ReadModels implements OnApplicationShutdown {
  readonly runner: ProjectionRunner;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) readonly store: ReadStore,
  ) {
    // The lag compares the event store's recording time (wall clock) with the time of projection, so it
    // is measured on the wall clock (the runner's default), never on the app clock that tests move.
    this.runner = new ProjectionRunner(events, store);
  }

  start(): Promise<void> {
    return this.runner.start();
  }

  /** Read-your-writes: wait until the read models include the caller's last write. */
  async caughtUpWith(position: Position | string | undefined): Promise<void> {
    if (position !== undefined) await this.runner.waitFor(position);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
