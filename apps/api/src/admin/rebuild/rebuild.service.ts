/**
 * Rebuild of the read models: replays the whole history into fresh collections and swaps them in,
 * while reads keep being served from the old ones. One rebuild at a time per instance; progress is
 * logged and readable by the admin page.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { ReadModels } from '../../projections/read-models';

export interface RebuildStatus {
  status: 'idle' | 'running' | 'done' | 'failed';
  eventsReplayed: number;
  /** 0 to 1: how far through the history the replay is, by position. */
  progress: number;
  startedAt: string | null;
  finishedAt: string | null;
  eventsPerSecond: number | null;
}

@Injectable()
export class RebuildService {
  private readonly logger = new Logger('Rebuild');
  private state: RebuildStatus = { status: 'idle', eventsReplayed: 0, progress: 0, startedAt: null, finishedAt: null, eventsPerSecond: null };
  private running?: Promise<void>;

  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  status(): RebuildStatus {
    return { ...this.state };
  }

  /** Starts a rebuild unless one is running; resolves with the status at once, not when it ends. */
  async start(): Promise<RebuildStatus> {
    if (!this.running) {
      // Running from the moment it is accepted: the 202 and the next status read must not show the previous rebuild.
      this.state = { status: 'running', eventsReplayed: 0, progress: 0, startedAt: this.clock.now().toISOString(), finishedAt: null, eventsPerSecond: null };
      // Started on the next turn of the event loop, so that the 202 goes out first.
      this.running = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.run())
        .finally(() => (this.running = undefined));
    }
    return this.status();
  }

  /** For tests and shutdown: resolves when the running rebuild (if any) ends. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async run(): Promise<void> {
    const started = Date.now();
    this.logger.log('rebuild started');
    let lastLogged = 0;
    try {
      const head = await this.events.headPosition();
      const replayed = await this.readModels.runner.rebuild((count: number, position: Position) => {
        this.state.eventsReplayed = count;
        this.state.progress = head && head.commit > 0n ? Math.min(1, Number((position.commit * 1000n) / head.commit) / 1000) : 1;
        if (this.state.progress - lastLogged >= 0.1) {
          lastLogged = this.state.progress;
          this.logger.log(`rebuild ${Math.round(this.state.progress * 100)}%: ${count} events replayed`);
        }
      });
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      this.state = { ...this.state, status: 'done', eventsReplayed: replayed, progress: 1, finishedAt: this.clock.now().toISOString(), eventsPerSecond: Math.round(replayed / seconds) };
      this.logger.log(`rebuild done: ${replayed} events in ${seconds.toFixed(2)} s (${this.state.eventsPerSecond} events/s), swapped in`);
    } catch (error) {
      this.state = { ...this.state, status: 'failed', finishedAt: this.clock.now().toISOString() };
      this.logger.error(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
