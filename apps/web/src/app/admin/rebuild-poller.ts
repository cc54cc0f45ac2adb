// Starts a rebuild of the read models and follows it: POST, then GET every 500 ms until it is done
// or failed. Provided per component, so that leaving the page stops the polling.
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { problemSentence, toProblem } from '../api/problem';
import { AdminApi, RebuildStatus } from './admin-api';

export const REBUILD_POLL_MS = 500;

@Injectable()
export class RebuildPoller {
  private readonly api = inject(AdminApi);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  private readonly current = signal<RebuildStatus | null>(null);
  private readonly failure = signal<string | null>(null);

  readonly status = this.current.asReadonly();
  /** A request that failed (not a rebuild that failed: that is `status().status === 'failed'`). */
  readonly error = this.failure.asReadonly();
  readonly running = computed(() => this.current()?.status === 'running');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Reads the status once (a rebuild started elsewhere is followed too). */
  async check(): Promise<void> {
    await this.poll(() => this.api.rebuildStatus());
  }

  async start(): Promise<void> {
    this.clearTimer();
    this.failure.set(null);
    await this.poll(() => this.api.startRebuild());
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private async poll(request: () => ReturnType<AdminApi['rebuildStatus']>): Promise<void> {
    try {
      const status = await firstValueFrom(request());
      if (this.stopped) {
        return;
      }
      this.current.set(status);
      this.failure.set(null);
    } catch (error: unknown) {
      if (this.stopped) {
        return;
      }
      this.failure.set(problemSentence(toProblem(error)));
    }
    // A failed read while a rebuild runs is tried again: the rebuild goes on regardless.
    if (this.running()) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.poll(() => this.api.rebuildStatus());
      }, REBUILD_POLL_MS);
    }
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
