/** Reserve seats, list and read your reservations, cancel one. */
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '../http/http';
import { currentUser, LoggedInGuard } from '../auth/guards';
import { CONFIG, type Config } from '../config/config';
import { ApiEventId, ApiNoBody, ApiProblems, ApiSession, ApiSessionAndCsrf, UNSAFE_CALL_PROBLEMS } from '../http/api-docs';
import { NoBodyPipe } from '../http/no-body.pipe';
import { validationProblem } from '../http/problem';
import { commandContext } from '../http/request-context';
import { ReadModels } from '../projections/read-models';
import { CancelReservation } from './cancel-reservation/cancel-reservation.handler';
import type { ReserveOutcome } from './reservation-process';
import { MyReservation, MyReservations } from './reservation-queries/reservation-queries';
import { reservationViews } from './reservation-view';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { RESERVATION_PROBLEM_EXAMPLES, RESERVE_PROBLEM_EXAMPLES, ReservationAnswerSchema, ReservationListSchema } from './reservation.schema';
import { ReserveBody } from './reserve-seats/reserve-seats.dto';
import { ReserveSeats } from './reserve-seats/reserve-seats.handler';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const ApiReservationId = () =>
  ApiParam({ name: 'reservationId', description: 'A reservation\'s id, as reserve or the list gives it.', schema: { type: 'string' }, example: '3f2b8c1e-5d4a-4b7e-9c2f-1a6d8e0b7c55' });

@ApiTags('reservations')
@Controller()
@UseGuards(LoggedInGuard)
export class ReservationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readModels: ReadModels,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(READ_STORE) private readonly store: ReadStore,
  ) {}

  /** 201 for a new reservation; 200 with the same reservation for a retry with the same Idempotency-Key. */
  @Post('events/:eventId/reserve')
  @ApiOperation({
    operationId: 'reserveSeats',
    summary: 'Reserve seats you hold',
    description:
      'All or nothing: every seat must be locked by the caller with a live lock. On a 409 no seat changes state, and `conflicts` lists every seat that stood in the way.',
  })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Per user, kept 24 hours: a retry with the same key and body answers 200 with the same reservation.',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  })
  @ApiCreatedResponse({ type: ReservationAnswerSchema, description: 'Reserved: status confirmed.' })
  @ApiOkResponse({ type: ReservationAnswerSchema, description: 'A retry with the same Idempotency-Key and body: the same reservation.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'not_found', 'seat_unavailable', 'not_lock_owner', 'lock_expired', 'sales_closed', 'event_cancelled', 'idempotency_key_reused', 'unavailable'], RESERVE_PROBLEM_EXAMPLES)
  async reserve(
    @Param('eventId') eventId: string,
    @Body() body: ReserveBody,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: HttpReply,
  ) {
    if (body.seatIds.length > this.config.maxSeatsPerUser) {
      throw validationProblem([{ field: 'seatIds', message: `seatIds may name at most ${this.config.maxSeatsPerUser} seats.` }]);
    }
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw validationProblem([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters.' }]);
    }
    const user = currentUser(req);
    const outcome: ReserveOutcome = await this.commands.execute(
      new ReserveSeats(eventId, body.seatIds, body.paymentMethod ?? 'card', key ?? null, user, commandContext(req, user)),
    );
    await this.readModels.caughtUpWith(outcome.position);
    res.status(outcome.replayed ? 200 : 201);
    return { reservation: (await reservationViews(this.store, [outcome.reservation]))[0] };
  }

  @Get('reservations')
  @ApiOperation({ operationId: 'listReservations', summary: 'Your reservations', description: 'Newest first, cancelled ones included.' })
  @ApiSession()
  @ApiOkResponse({ type: ReservationListSchema })
  @ApiProblems(['unauthenticated', 'unavailable'])
  async list(@Req() req: HttpRequest) {
    return { reservations: await this.queries.execute(new MyReservations(currentUser(req).id)) };
  }

  @Get('reservations/:reservationId')
  @ApiOperation({ operationId: 'getReservation', summary: 'One of your reservations', description: 'Another user\'s reservation is 404, as an unknown one is.' })
  @ApiSession()
  @ApiReservationId()
  @ApiOkResponse({ type: ReservationAnswerSchema })
  @ApiProblems(['unauthenticated', 'not_found', 'unavailable'], RESERVATION_PROBLEM_EXAMPLES)
  async get(@Param('reservationId') id: string, @Req() req: HttpRequest) {
    return { reservation: await this.queries.execute(new MyReservation(currentUser(req).id, id)) };
  }

  @Post('reservations/:reservationId/cancel')
  @HttpCode(200)
  @ApiOperation({ operationId: 'cancelReservation', summary: 'Cancel one of your reservations', description: 'Its seats become available.' })
  @ApiSessionAndCsrf()
  @ApiReservationId()
  @ApiNoBody()
  @ApiOkResponse({ type: ReservationAnswerSchema, description: 'Cancelled: status cancelled, with cancelledAt.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'not_found', 'already_cancelled', 'unavailable'], RESERVATION_PROBLEM_EXAMPLES)
  async cancel(@Param('reservationId') id: string, @Body(NoBodyPipe) _body: unknown, @Req() req: HttpRequest) {
    const user = currentUser(req);
    const { reservation, position } = await this.commands.execute(new CancelReservation(id, user, commandContext(req, user)));
    await this.readModels.caughtUpWith(position);
    return { reservation: (await reservationViews(this.store, [reservation]))[0] };
  }
}
