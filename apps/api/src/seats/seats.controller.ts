/** Lock and unlock a seat. The user is the session's, never the body's. */
import { Body, Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpRequest } from '../http/http';
import { currentUser, LoggedInGuard } from '../auth/guards';
import { ApiEventId, ApiNoBody, ApiProblems, ApiSeatId, ApiSessionAndCsrf, UNSAFE_CALL_PROBLEMS } from '../http/api-docs';
import { NoBodyPipe } from '../http/no-body.pipe';
import { commandContext } from '../http/request-context';
import { ReadModels } from '../projections/read-models';
import { LockSeat } from './lock-seat/lock-seat.handler';
import { SeatRateLimitGuard } from './seat-rate-limit.guard';
import type { SeatAnswer } from './seat-command';
import { SeatAnswerSchema } from './seat.schema';
import { UnlockSeat } from './unlock-seat/unlock-seat.handler';

@ApiTags('seats')
@Controller('events/:eventId/seats/:seatId')
@UseGuards(LoggedInGuard, SeatRateLimitGuard)
export class SeatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
  ) {}

  @Post('lock')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'lockSeat',
    summary: 'Lock (hold) a seat',
    description: 'Holds the seat for SEAT_LOCK_SECONDS (default 300). Locking a seat you already hold answers 200 with the lock unchanged.',
  })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiSeatId()
  @ApiNoBody()
  @ApiOkResponse({ type: SeatAnswerSchema, description: 'Locked by you: status locked, mine true.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'not_found', 'seat_unavailable', 'seat_limit_reached', 'sales_closed', 'event_cancelled', 'rate_limited', 'unavailable'])
  async lock(@Param('eventId') eventId: string, @Param('seatId') seatId: string, @Body(NoBodyPipe) _body: unknown, @Req() req: HttpRequest) {
    const user = currentUser(req);
    return this.answer(await this.commands.execute(new LockSeat(eventId, seatId, user, commandContext(req, user))));
  }

  @Post('unlock')
  @HttpCode(200)
  @ApiOperation({ operationId: 'unlockSeat', summary: 'Release a seat you hold' })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiSeatId()
  @ApiNoBody()
  @ApiOkResponse({ type: SeatAnswerSchema, description: 'Released: status available.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'not_found', 'not_lock_owner', 'rate_limited', 'unavailable'])
  async unlock(@Param('eventId') eventId: string, @Param('seatId') seatId: string, @Body(NoBodyPipe) _body: unknown, @Req() req: HttpRequest) {
    const user = currentUser(req);
    return this.answer(await this.commands.execute(new UnlockSeat(eventId, seatId, user, commandContext(req, user))));
  }

  /** Answers once the read models include the write, so the caller's next read sees it. */
  private async answer({ seat, position }: SeatAnswer) {
    await this.readModels.caughtUpWith(position);
    return { seat };
  }
}
