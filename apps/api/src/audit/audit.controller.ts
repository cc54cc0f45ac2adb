/** Audit (role auditor; admins may too): the whole history, one seat's history, time travel, verify. */
import { Controller, Get, Inject, Param, Query, Req, UseGuards } from '@nestjs/common';
import { seatStream } from '@tessera/domain';
import type { Request } from 'express';
import { currentUser, LoggedInGuard, Roles, RolesGuard } from '../auth/guards';
import { CLOCK, type Clock } from '../clock/clock.port';
import { EVENT_STORE, parsePosition, positionToString, type EventStore } from '../event-store/event-store.port';
import { validationProblem } from '../http/problem';
import { ReadModels } from '../projections/read-models';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { findSeat } from '../seats/seat-command';
import { auditEntry } from './audit-entry';
import { gridAsOf } from './time-travel';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

@Controller('audit')
@UseGuards(LoggedInGuard, RolesGuard)
@Roles('auditor')
export class AuditController {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The whole history in commit order, a page at a time; `next` is the `from` of the next page, null at the end. */
  @Get('log')
  async log(@Query('from') from?: string, @Query('limit') limit?: string) {
    const start = from === undefined ? undefined : parsePosition(from);
    if (from !== undefined && !start) throw validationProblem([{ field: 'from', message: 'from must be a position taken from an earlier answer\'s "next".' }]);
    const size = limit === undefined ? DEFAULT_LIMIT : Number(limit);
    if (!/^\d+$/.test(limit ?? '1') || !Number.isInteger(size) || size < 1 || size > MAX_LIMIT) {
      throw validationProblem([{ field: 'limit', message: `limit must be a whole number from 1 to ${MAX_LIMIT}.` }]);
    }
    const page = await this.events.readAll(start, size + 1);
    const entries = page.slice(0, size).map(auditEntry);
    return { entries, next: page.length > size ? positionToString(page[size - 1].position) : null };
  }

  @Get('events/:eventId/seats/:seatId/history')
  async seatHistory(@Param('eventId') eventId: string, @Param('seatId') seatId: string) {
    await findSeat(this.store, eventId, seatId);
    return { entries: (await this.events.readStream(seatStream(eventId, seatId))).map(auditEntry) };
  }

  /** The seat grid exactly as it stood at `asOf`, replayed from history. */
  @Get('events/:eventId/seats')
  async seatsAsOf(@Param('eventId') eventId: string, @Query('asOf') asOf: string | undefined, @Req() req: Request) {
    const instant = asOf === undefined ? this.clock.now() : new Date(asOf);
    if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(asOf) || Number.isNaN(instant.getTime()))) {
      throw validationProblem([{ field: 'asOf', message: 'asOf must be an ISO-8601 time such as "2026-12-22T10:05:30.000Z".' }]);
    }
    return gridAsOf(this.events, eventId, instant, currentUser(req).id);
  }

  /** Replays the history into a scratch read model and compares it with the live one. */
  @Get('verify')
  verify() {
    return this.readModels.runner.verify();
  }
}
