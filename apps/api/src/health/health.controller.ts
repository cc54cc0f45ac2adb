/** Liveness of both stores and the projection lag (api.md "Operations"). */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../http/http';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ReadModels } from '../projections/read-models';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { HealthSchema } from './health.schema';

const up = (check: Promise<void>): Promise<'up' | 'down'> => check.then(() => 'up' as const, () => 'down' as const);

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly readModels: ReadModels,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness of both stores and the projection lag', description: 'Public.' })
  @ApiOkResponse({ type: HealthSchema, description: 'Both stores up.' })
  @ApiServiceUnavailableResponse({ type: HealthSchema, description: 'A store is down: status unavailable, that store down (the same shape, not a problem).' })
  async health(@Res({ passthrough: true }) res: HttpReply) {
    const [eventStore, readStore] = await Promise.all([up(this.events.ping()), up(this.reads.ping())]);
    const ok = eventStore === 'up' && readStore === 'up';
    res.status(ok ? 200 : 503);
    const fallback = this.readModels.runner.lagMs;
    const projectionLagMs = ok ? await this.readModels.lagMs().catch(() => fallback) : fallback;
    return { status: ok ? 'ok' : 'unavailable', eventStore, readStore, projectionLagMs };
  }
}
