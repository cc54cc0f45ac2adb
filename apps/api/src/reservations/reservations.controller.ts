/** Reserve seats, list and read your reservations, cancel one. */
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { currentUser, LoggedInGuard } from '../auth/guards';
import { CONFIG, type Config } from '../config/config';
import { NoBodyPipe } from '../http/no-body.pipe';
import { validationProblem } from '../http/problem';
import { commandContext } from '../http/request-context';
import { ReadModels } from '../projections/read-models';
import { CancelReservation } from './cancel-reservation/cancel-reservation.handler';
import type { ReserveOutcome } from './reservation-process';
import { MyReservation, MyReservations } from './reservation-queries/reservation-queries';
import { reservationView } from './reservation-view';
import { ReserveBody } from './reserve-seats/reserve-seats.dto';
import { ReserveSeats } from './reserve-seats/reserve-seats.handler';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@Controller()
@UseGuards(LoggedInGuard)
export class ReservationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readModels: ReadModels,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** 201 for a new reservation; 200 with the same reservation for a retry with the same Idempotency-Key. */
  @Post('events/:eventId/reserve')
  async reserve(
    @Param('eventId') eventId: string,
    @Body() body: ReserveBody,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
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
    return { reservation: reservationView(outcome.reservation) };
  }

  @Get('reservations')
  async list(@Req() req: Request) {
    return { reservations: await this.queries.execute(new MyReservations(currentUser(req).id)) };
  }

  @Get('reservations/:reservationId')
  async get(@Param('reservationId') id: string, @Req() req: Request) {
    return { reservation: await this.queries.execute(new MyReservation(currentUser(req).id, id)) };
  }

  @Post('reservations/:reservationId/cancel')
  @HttpCode(200)
  async cancel(@Param('reservationId') id: string, @Body(NoBodyPipe) _body: unknown, @Req() req: Request) {
    const user = currentUser(req);
    const { reservation, position } = await this.commands.execute(new CancelReservation(id, user, commandContext(req, user)));
    await this.readModels.caughtUpWith(position);
    return { reservation: reservationView(reservation) };
  }
}
