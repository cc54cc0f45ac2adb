/**
 * The box office (role admin; api.md "Box office"): change, close and cancel events, take seats
 * off sale, find and cancel bookings, the attendee list and sales figures, and users' roles,
 * disabled state and passwords. Every change is an event in the history with the admin as actor.
 */
import { Body, Controller, Get, Header, HttpCode, Inject, Param, Patch, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ShowCommand } from '@tessera/domain';
import type { UserDoc } from '@tessera/projections';
import { currentUser, LoggedInGuard, Roles, RolesGuard } from '../../auth/guards';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { ApiEventId, ApiProblems, ApiSeatId, ApiSession, ApiSessionAndCsrf, UNSAFE_CALL_PROBLEMS } from '../../http/api-docs';
import type { HttpReply, HttpRequest } from '../../http/http';
import { NoBodyPipe } from '../../http/no-body.pipe';
import { notFound, validationProblem, type FieldError } from '../../http/problem';
import { commandContext } from '../../http/request-context';
import { ReadModels } from '../../projections/read-models';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { reservationViews } from '../../reservations/reservation-view';
import { ReservationAnswerSchema, ReservationSearchSchema } from '../../reservations/reservation.schema';
import { SeatAnswerSchema } from '../../seats/seat.schema';
import { GetShow } from '../../shows/show-queries';
import { ShowAnswerSchema } from '../../shows/show.schema';
import { ChangeUser } from '../../users/change-user/change-user.handler';
import { accountView } from '../admin.controller';
import { UserAccountAnswerSchema } from '../admin.schema';
import { ChangeEventBody, ChangeUserBody, ReasonBody, SalesBody } from './box-office.dto';
import { CancelForCustomer, CancelShow, ChangeShow, SetSeatBlocked } from './box-office.handlers';
import { BoxOfficeQueries, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT } from './box-office.queries';
import { SalesFiguresSchema } from './box-office.schema';

const STATUSES = ['confirmed', 'cancelled'] as const;

@ApiTags('box office')
@Controller('admin')
@UseGuards(LoggedInGuard, RolesGuard)
@Roles('admin')
export class BoxOfficeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readModels: ReadModels,
    private readonly boxOffice: BoxOfficeQueries,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Patch('events/:eventId')
  @ApiOperation({ operationId: 'changeEvent', summary: 'Change an event\'s name, venue or date', description: 'Role admin. Only the fields given change (at least one); a new startsAt must be in the future. Lists, the grid page and reservations show the new values.' })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiOkResponse({ type: ShowAnswerSchema })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'not_found', 'event_cancelled', 'unavailable'])
  async changeEvent(@Param('eventId') eventId: string, @Body() body: ChangeEventBody, @Req() req: HttpRequest) {
    const errors: FieldError[] = [];
    if (body.name === undefined && body.venue === undefined && body.startsAt === undefined) errors.push({ field: 'body', message: 'Give at least one of name, venue and startsAt.' });
    if (body.startsAt !== undefined && Date.parse(body.startsAt) <= this.clock.now().getTime()) errors.push({ field: 'startsAt', message: 'startsAt must be in the future.' });
    if (errors.length) throw validationProblem(errors);
    const startsAt = body.startsAt === undefined ? undefined : new Date(body.startsAt).toISOString();
    const data = { showId: eventId, ...(body.name === undefined ? {} : { name: body.name }), ...(body.venue === undefined ? {} : { venue: body.venue }), ...(startsAt === undefined ? {} : { startsAt }) };
    return this.changeShow({ type: 'ChangeShowDetails', data }, req);
  }

  @Post('events/:eventId/sales')
  @HttpCode(200)
  @ApiOperation({ operationId: 'setEventSales', summary: 'Close or reopen an event\'s sales', description: 'Role admin. While closed, lock, best available and reserve answer 409 sales_closed; holds run out as usual. The state sales are already in: 200, nothing recorded.' })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiOkResponse({ type: ShowAnswerSchema })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'not_found', 'event_cancelled', 'unavailable'])
  setSales(@Param('eventId') eventId: string, @Body() body: SalesBody, @Req() req: HttpRequest) {
    return this.changeShow({ type: 'SetSalesOpen', data: { showId: eventId, open: body.open } }, req);
  }

  @Post('events/:eventId/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelEvent',
    summary: 'Cancel an event for good',
    description: 'Role admin. Records the decision, then ends every live lock and cancels every confirmed reservation (cancelledBy "organiser", with the reason) before it answers; the event stays listed, status "cancelled". A crash midway is finished by recovery. Again: 409 event_cancelled.',
  })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiOkResponse({ type: ShowAnswerSchema })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'not_found', 'event_cancelled', 'unavailable'])
  async cancelEvent(@Param('eventId') eventId: string, @Body() body: ReasonBody, @Req() req: HttpRequest) {
    const { position } = await this.commands.execute(new CancelShow(eventId, body.reason, commandContext(req, currentUser(req))));
    await this.readModels.caughtUpWith(position);
    return { event: await this.queries.execute(new GetShow(eventId)) };
  }

  @Post('events/:eventId/seats/:seatId/block')
  @HttpCode(200)
  @ApiOperation({ operationId: 'blockSeat', summary: 'Take a seat off sale', description: 'Role admin. House seats, a broken seat: status "blocked" until unblocked; lock and best available pass it by. A locked or reserved seat: 409 seat_unavailable. A blocked one: 200, nothing recorded.' })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiSeatId()
  @ApiOkResponse({ type: SeatAnswerSchema, description: 'The seat, status blocked.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'not_found', 'seat_unavailable', 'event_cancelled', 'unavailable'])
  block(@Param('eventId') eventId: string, @Param('seatId') seatId: string, @Body() body: ReasonBody, @Req() req: HttpRequest) {
    return this.setBlocked(eventId, seatId, body.reason, req);
  }

  @Post('events/:eventId/seats/:seatId/unblock')
  @HttpCode(200)
  @ApiOperation({ operationId: 'unblockSeat', summary: 'Put a blocked seat back on sale', description: 'Role admin. A seat that is not blocked: 200, nothing recorded.' })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiSeatId()
  @ApiOkResponse({ type: SeatAnswerSchema, description: 'The seat, available again.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'not_found', 'event_cancelled', 'unavailable'])
  unblock(@Param('eventId') eventId: string, @Param('seatId') seatId: string, @Body(NoBodyPipe) _body: unknown, @Req() req: HttpRequest) {
    return this.setBlocked(eventId, seatId, null, req);
  }

  @Get('reservations')
  @ApiOperation({ operationId: 'searchReservations', summary: 'Find bookings', description: 'Role admin. Newest first, filters combined (a username matches whatever its case); paging as the audit log.' })
  @ApiSession()
  @ApiQuery({ name: 'eventId', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'username', required: false, schema: { type: 'string' }, example: 'alice' })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...STATUSES] } })
  @ApiQuery({ name: 'from', required: false, description: 'A previous page\'s `next`; absent: the newest.', schema: { type: 'string' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT } })
  @ApiOkResponse({ type: ReservationSearchSchema })
  @ApiProblems(['validation_failed', 'unauthenticated', 'forbidden', 'unavailable'])
  search(@Query() query: Record<string, unknown>) {
    const errors: FieldError[] = [];
    const known = ['eventId', 'username', 'status', 'from', 'limit'];
    for (const field of Object.keys(query)) if (!known.includes(field)) errors.push({ field, message: `${field} is not a known filter; use ${known.join(', ')}.` });
    for (const field of known) if (query[field] !== undefined && typeof query[field] !== 'string') errors.push({ field, message: `${field} must be given once.` });
    const { eventId, username, status, from, limit } = query as Record<string, string | undefined>;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) errors.push({ field: 'status', message: 'status must be confirmed or cancelled.' });
    const size = limit === undefined ? SEARCH_DEFAULT_LIMIT : Number(limit);
    if (limit !== undefined && (!/^\d+$/.test(limit) || size < 1 || size > SEARCH_MAX_LIMIT)) errors.push({ field: 'limit', message: `limit must be a whole number from 1 to ${SEARCH_MAX_LIMIT}.` });
    if (errors.length) throw validationProblem(errors);
    return this.boxOffice.search({ eventId, username, status: status as (typeof STATUSES)[number] | undefined, from, limit: size });
  }

  @Post('reservations/:reservationId/cancel')
  @HttpCode(200)
  @ApiOperation({ operationId: 'cancelReservationForCustomer', summary: 'Cancel a booking on a customer\'s behalf', description: 'Role admin. As the owner\'s cancel, with cancelledBy "admin" and the reason, which the customer sees.' })
  @ApiSessionAndCsrf()
  @ApiParam({ name: 'reservationId', description: 'A reservation\'s id.', schema: { type: 'string' } })
  @ApiOkResponse({ type: ReservationAnswerSchema })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'not_found', 'already_cancelled', 'unavailable'])
  async cancelReservation(@Param('reservationId') reservationId: string, @Body() body: ReasonBody, @Req() req: HttpRequest) {
    const { reservation, position } = await this.commands.execute(new CancelForCustomer(reservationId, body.reason, commandContext(req, currentUser(req))));
    await this.readModels.caughtUpWith(position);
    return { reservation: (await reservationViews(this.store, [reservation]))[0] };
  }

  @Patch('users/:userId')
  @ApiOperation({
    operationId: 'changeUser',
    summary: 'Change a user\'s roles, disabled state or password',
    description: 'Role admin. Only the fields given change (at least one). Disabling ends the user\'s sessions at once (their next call: 401) and their live locks; a new password ends their other sessions; new roles apply to their sessions at once. An admin cannot disable themselves nor drop their own admin role (409 forbidden_self_change).',
  })
  @ApiSessionAndCsrf()
  @ApiParam({ name: 'userId', description: 'A user\'s id, as the users list gives it.', schema: { type: 'string' } })
  @ApiOkResponse({ type: UserAccountAnswerSchema })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'not_found', 'forbidden_self_change', 'unavailable'])
  async changeUser(@Param('userId') userId: string, @Body() body: ChangeUserBody, @Req() req: HttpRequest) {
    if (body.roles === undefined && body.disabled === undefined && body.password === undefined) {
      throw validationProblem([{ field: 'body', message: 'Give at least one of roles, disabled and password.' }]);
    }
    const admin = currentUser(req);
    const actor = { id: admin.id, sessionId: req.session?.sessionId };
    const position = await this.commands.execute(new ChangeUser(userId, { roles: body.roles, disabled: body.disabled, password: body.password }, actor, commandContext(req, admin)));
    await this.readModels.caughtUpWith(position);
    const user = (await this.store.get<UserDoc>('users', userId))?.doc;
    if (!user) throw notFound('There is no user with this id.');
    return { user: accountView(user) };
  }

  @Get('events/:eventId/attendees.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ operationId: 'attendeeList', summary: 'The attendee list (CSV)', description: 'Role admin. RFC 4180 with a header row: reservationId,username,seats,totalPrice,currency,status,createdAt,cancelledAt; one line per reservation of the event, oldest first; seats joined by spaces.' })
  @ApiSession()
  @ApiEventId()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV text.', content: { 'text/csv': { schema: { type: 'string' }, example: 'reservationId,username,seats,totalPrice,currency,status,createdAt,cancelledAt\r\n3f2b…,alice,A1 A2,100.00,EUR,confirmed,2026-12-22T10:02:11.000Z,\r\n' } } })
  @ApiProblems(['unauthenticated', 'forbidden', 'not_found', 'unavailable'])
  async attendees(@Param('eventId') eventId: string, @Res({ passthrough: true }) res: HttpReply) {
    const csv = await this.boxOffice.attendees(eventId);
    res.header('Content-Disposition', `attachment; filename="attendees-${eventId.replace(/[^A-Za-z0-9-]/g, '')}.csv"`);
    return csv;
  }

  @Get('events/:eventId/sales')
  @ApiOperation({ operationId: 'salesFigures', summary: 'Sales figures of an event', description: 'Role admin. Per category: seats in each state now and the revenue of the reserved ones; per day (UTC): seats reserved and cancelled, and the revenue net of refunds.' })
  @ApiSession()
  @ApiEventId()
  @ApiOkResponse({ type: SalesFiguresSchema })
  @ApiProblems(['unauthenticated', 'forbidden', 'not_found', 'unavailable'])
  sales(@Param('eventId') eventId: string) {
    return this.boxOffice.sales(eventId);
  }

  private async changeShow(command: ShowCommand, req: HttpRequest) {
    const position = await this.commands.execute(new ChangeShow(command, commandContext(req, currentUser(req))));
    await this.readModels.caughtUpWith(position);
    return { event: await this.queries.execute(new GetShow(command.data.showId)) };
  }

  private async setBlocked(eventId: string, seatId: string, reason: string | null, req: HttpRequest) {
    const { seat, position } = await this.commands.execute(new SetSeatBlocked(eventId, seatId, reason, commandContext(req, currentUser(req))));
    await this.readModels.caughtUpWith(position);
    return { seat };
  }
}
