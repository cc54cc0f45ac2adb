/** Best available and more time (api.md "Best available and more time"): the server chooses seats and holds them; held seats get more time. */
import { Body, Controller, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import { currentUser, LoggedInGuard } from '../auth/guards';
import { CONFIG, type Config } from '../config/config';
import { ApiEventId, ApiNoBody, ApiProblems, ApiSessionAndCsrf, UNSAFE_CALL_PROBLEMS } from '../http/api-docs';
import type { HttpRequest } from '../http/http';
import { NoBodyPipe } from '../http/no-body.pipe';
import { validationProblem } from '../http/problem';
import { commandContext } from '../http/request-context';
import { ReadModels } from '../projections/read-models';
import { SeatRateLimit } from './seat-rate-limit.guard';
import { SeatSchema } from './seat.schema';
import { BestAvailableBody } from './best-available/best-available.dto';
import { FindBestSeats, type BestSeatsAnswer } from './best-available/best-available.handler';
import { ExtendHolds, type ExtendedHolds } from './extend-holds/extend-holds.handler';

@ApiSchema({ name: 'BestAvailableAnswer' })
class BestAvailableAnswerSchema {
  @ApiProperty({ type: [SeatSchema], description: 'The seats now held by you, by number within their row.' })
  seats!: SeatSchema[];

  @ApiProperty({ type: Boolean, description: 'Adjacent: one row, consecutive numbers, no aisle between.', example: true })
  together!: boolean;
}

@ApiSchema({ name: 'HoldsAnswer' })
class HoldsAnswerSchema {
  @ApiProperty({ type: [SeatSchema], description: 'Every seat you hold in the event, with its lockedUntil: extended, or already at its ceiling.' })
  seats!: SeatSchema[];
}

@ApiTags('seats')
@Controller('events/:eventId')
@UseGuards(LoggedInGuard)
export class HoldsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    private readonly rateLimit: SeatRateLimit,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('best-available')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'bestAvailable',
    summary: 'Hold the best seats available',
    description:
      'Chooses `count` free seats and locks them for you as `count` locks would, all or nothing: adjacent seats that strand no single seat, else adjacent seats, else (with allowSplit) the best seats apart; nearest the front centre. Counts as `count` locks against the rate limits.',
  })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiOkResponse({ type: BestAvailableAnswerSchema, description: 'Held by you: status locked, mine true.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'not_found', 'not_enough_seats', 'seat_limit_reached', 'sales_closed', 'event_cancelled', 'rate_limited', 'unavailable'])
  async bestAvailable(@Param('eventId') eventId: string, @Body() body: BestAvailableBody, @Req() req: HttpRequest) {
    const max = this.config.maxSeatsPerUser;
    if (body.count > max) throw validationProblem([{ field: 'count', message: `count may be at most ${max} (MAX_SEATS_PER_USER).` }]);
    if ((body.accessible ?? 0) > body.count) throw validationProblem([{ field: 'accessible', message: 'accessible may not be more than count.' }]);
    const user = currentUser(req);
    await this.rateLimit.consume(user.id, body.count);
    const answer: BestSeatsAnswer = await this.commands.execute(new FindBestSeats(eventId, body, user, commandContext(req, user)));
    await this.readModels.caughtUpWith(answer.position);
    return { seats: answer.seats, together: answer.together };
  }

  @Post('holds/extend')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'extendHolds',
    summary: 'More time on the seats you hold',
    description:
      'Every live lock of yours in the event runs again for SEAT_LOCK_SECONDS from now, never past HOLD_MAX_SECONDS after you took it. A partial extension (some seats already at their ceiling) is a 200.',
  })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiNoBody()
  @ApiOkResponse({ type: HoldsAnswerSchema, description: 'Your seats with their new lockedUntil.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'not_found', 'not_lock_owner', 'hold_cap_reached', 'rate_limited', 'unavailable'])
  async extend(@Param('eventId') eventId: string, @Body(NoBodyPipe) _body: unknown, @Req() req: HttpRequest) {
    const user = currentUser(req);
    // A seat command like a lock: each call that gains time appends an event per seat held.
    await this.rateLimit.consume(user.id);
    const answer: ExtendedHolds = await this.commands.execute(new ExtendHolds(eventId, user, commandContext(req, user)));
    await this.readModels.caughtUpWith(answer.position);
    return { seats: answer.seats };
  }
}
