/** Audit (role auditor; admins may too): the whole history, one seat's history, time travel, verify. */
import { Controller, Get, Inject, Param, Query, Req, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { seatStream } from '@tessera/domain';
import type { HttpRequest } from '../http/http';
import { currentUser, LoggedInGuard, Roles, RolesGuard } from '../auth/guards';
import { CLOCK, type Clock } from '../clock/clock.port';
import { comparePositions, EVENT_STORE, parsePosition, positionToString, type EventStore } from '../event-store/event-store.port';
import { ApiEventId, ApiProblems, ApiSeatId, ApiSession } from '../http/api-docs';
import { validationProblem } from '../http/problem';
import { ReadModels } from '../projections/read-models';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { findSeat } from '../seats/seat-command';
import { SeatGridSchema } from '../seats/seat.schema';
import { auditEntry } from './audit-entry';
import { AuditLogSchema, SeatHistorySchema, VerifyReportSchema } from './audit.schema';
import { gridAsOf } from './time-travel';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** Both parts of a position are unsigned 64-bit numbers (EventStoreDB's; the embedded store's are smaller). */
const MAX_POSITION_PART = (1n << 64n) - 1n;

@ApiTags('audit')
@ApiSession()
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
  @ApiOperation({ operationId: 'readAuditLog', summary: 'The whole history, a page at a time', description: 'Role auditor or admin. Commit order.' })
  @ApiQuery({ name: 'from', required: false, description: 'A previous page\'s `next`; absent: from the start.', schema: { type: 'string' }, example: '142-142' })
  @ApiQuery({ name: 'limit', required: false, description: 'Entries per page.', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } })
  @ApiOkResponse({ type: AuditLogSchema })
  @ApiProblems(['validation_failed', 'unauthenticated', 'forbidden', 'unavailable'])
  async log(@Query('from') from?: string, @Query('limit') limit?: string) {
    const start = from === undefined ? undefined : parsePosition(from);
    if (from !== undefined && (!start || start.commit > MAX_POSITION_PART || start.prepare > MAX_POSITION_PART)) {
      throw validationProblem([{ field: 'from', message: 'from must be a position taken from an earlier answer\'s "next".' }]);
    }
    const size = limit === undefined ? DEFAULT_LIMIT : Number(limit);
    if (!/^\d+$/.test(limit ?? '1') || !Number.isInteger(size) || size < 1 || size > MAX_LIMIT) {
      throw validationProblem([{ field: 'limit', message: `limit must be a whole number from 1 to ${MAX_LIMIT}.` }]);
    }
    // Past the end of the history there is nothing to read; the store is not asked (a made-up
    // position beyond its integers would be an error there, not an empty page).
    if (start) {
      const head = await this.events.headPosition();
      if (!head || comparePositions(start, head) >= 0) return { entries: [], next: null };
    }
    const page = await this.events.readAll(start, size + 1);
    const entries = page.slice(0, size).map(auditEntry);
    return { entries, next: page.length > size ? positionToString(page[size - 1].position) : null };
  }

  @Get('events/:eventId/seats/:seatId/history')
  @ApiOperation({ operationId: 'readSeatHistory', summary: 'One seat\'s history', description: 'Role auditor or admin.' })
  @ApiEventId()
  @ApiSeatId()
  @ApiOkResponse({ type: SeatHistorySchema })
  @ApiProblems(['unauthenticated', 'forbidden', 'not_found', 'unavailable'])
  async seatHistory(@Param('eventId') eventId: string, @Param('seatId') seatId: string) {
    await findSeat(this.store, eventId, seatId);
    return { entries: (await this.events.readStream(seatStream(eventId, seatId))).map(auditEntry) };
  }

  /** The seat grid exactly as it stood at `asOf`, replayed from history. */
  @Get('events/:eventId/seats')
  @ApiOperation({
    operationId: 'readSeatGridAsOf',
    summary: 'The seat grid as it stood at an instant',
    description: 'Role auditor or admin. Replayed from history: locks live or expired as of then, serverTime = asOf.',
  })
  @ApiEventId()
  @ApiQuery({ name: 'asOf', required: false, description: 'An ISO-8601 time; absent: now.', schema: { type: 'string', format: 'date-time' }, example: '2026-12-22T10:05:30.000Z' })
  @ApiOkResponse({ type: SeatGridSchema })
  @ApiProblems(['validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'unavailable'])
  async seatsAsOf(@Param('eventId') eventId: string, @Query('asOf') asOf: string | undefined, @Req() req: HttpRequest) {
    const instant = asOf === undefined ? this.clock.now() : new Date(asOf);
    if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}/.test(asOf) || Number.isNaN(instant.getTime()))) {
      throw validationProblem([{ field: 'asOf', message: 'asOf must be an ISO-8601 time such as "2026-12-22T10:05:30.000Z".' }]);
    }
    return gridAsOf(this.events, eventId, instant, currentUser(req).id);
  }

  /** Replays the history into a scratch read model and compares it with the live one. */
  @Get('verify')
  @ApiOperation({ operationId: 'verifyReadModels', summary: 'Compare the read models with a replay of the history', description: 'Role auditor or admin.' })
  @ApiOkResponse({ type: VerifyReportSchema })
  @ApiProblems(['unauthenticated', 'forbidden', 'unavailable'])
  verify() {
    return this.readModels.runner.verify();
  }
}
