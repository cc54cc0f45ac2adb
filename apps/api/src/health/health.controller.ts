/** Liveness of both stores and the projection lag (api.md "Operations"). */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ReadModels } from '../projections/read-models';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';

const up = (check: Promise<void>): Promise<'up' | 'down'> => check.then(() => 'up' as const, () => 'down' as const);

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly readModels: ReadModels,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const [eventStore, readStore] = await Promise.all([up(this.events.ping()), up(this.reads.ping())]);
    const ok = eventStore === 'up' && readStore === 'up';
    res.status(ok ? 200 : 503);
    const fallback = this.readModels.runner.lagMs;
    const projectionLagMs = ok ? await this.readModels.lagMs().catch(() => fallback) : fallback;
    return { status: ok ? 'ok' : 'unavailable', eventStore, readStore, projectionLagMs };
  }
}
