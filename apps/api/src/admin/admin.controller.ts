/** Admin (role admin): events and seat maps, users and roles, seat release, read-model rebuild. */
import { requestRecordOf } from '../observability/http-observer';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { layoutErrors, layoutFromRows, type Layout } from '@tessera/domain';
import type { UserDoc } from '@tessera/projections';
import type { HttpRequest } from '../http/http';
import { currentUser, LoggedInGuard, Roles, RolesGuard } from '../auth/guards';
import { CLOCK, type Clock } from '../clock/clock.port';
import { ApiEventId, ApiProblems, ApiSeatId, ApiSession, ApiSessionAndCsrf, UNSAFE_CALL_PROBLEMS } from '../http/api-docs';
import { NoBodyPipe } from '../http/no-body.pipe';
import { validationProblem, type FieldError } from '../http/problem';
import { commandContext } from '../http/request-context';
import { ReadModels } from '../projections/read-models';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { SeatAnswerSchema } from '../seats/seat.schema';
import { ScheduleShow } from '../shows/schedule-show/schedule-show.handler';
import { GetShow } from '../shows/show-queries';
import { ShowAnswerSchema } from '../shows/show.schema';
import { RegisterUser } from '../users/register-user/register-user.handler';
import { CreateEventBody, CreateUserBody } from './admin.dto';
import { RebuildAnswerSchema, UserAccountAnswerSchema, UserAccountListSchema } from './admin.schema';
import { RebuildService } from './rebuild/rebuild.service';
import { AdminReleaseSeat } from './release-seat/release-seat.handler';

/** A user as admins see it: `disabled` always present (documents projected before the box office lack it). */
export const accountView = ({ id, username, roles, createdAt, disabled }: UserDoc) => ({ id, username, roles, createdAt, disabled: disabled ?? false });

@ApiTags('admin')
@Controller('admin')
@UseGuards(LoggedInGuard, RolesGuard)
@Roles('admin')
export class AdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly readModels: ReadModels,
    private readonly rebuilds: RebuildService,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('events')
  @ApiOperation({ operationId: 'createEvent', summary: 'Create an event and its seat map', description: 'Role admin. Either rows (the simple form) or sections and categories (api.md "Venue layouts"); startsAt in the future; at most 100,000 seats.' })
  @ApiSessionAndCsrf()
  @ApiCreatedResponse({ type: ShowAnswerSchema })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'unavailable'])
  async createEvent(@Body() body: CreateEventBody, @Req() req: HttpRequest) {
    const layout = this.layoutOf(body);
    const { metadata } = commandContext(req, currentUser(req));
    const { name, venue, startsAt, currency } = body;
    const { showId, position } = await this.commands.execute(new ScheduleShow({ name, venue, startsAt: new Date(startsAt).toISOString(), currency, layout }, metadata));
    await this.readModels.caughtUpWith(position);
    return { event: await this.queries.execute(new GetShow(showId)) };
  }

  @Get('users')
  @ApiOperation({ operationId: 'listUsers', summary: 'List users', description: 'Role admin. Oldest first.' })
  @ApiSession()
  @ApiOkResponse({ type: UserAccountListSchema })
  @ApiProblems(['unauthenticated', 'forbidden', 'unavailable'])
  async users() {
    const users = await this.store.list<UserDoc>('users');
    return { users: users.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.username.localeCompare(b.username)).map(accountView) };
  }

  @Post('users')
  @ApiOperation({ operationId: 'createUser', summary: 'Create a user with roles', description: 'Role admin.' })
  @ApiSessionAndCsrf()
  @ApiCreatedResponse({ type: UserAccountAnswerSchema })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'username_taken', 'unavailable'])
  async createUser(@Body() body: CreateUserBody, @Req() req: HttpRequest) {
    const { user, position } = await this.commands.execute(new RegisterUser(body.username, body.password, body.roles, currentUser(req).id, requestRecordOf(req.raw)?.id));
    await this.readModels.caughtUpWith(position);
    return { user: { ...user, disabled: false } };
  }

  @Post('events/:eventId/seats/:seatId/release')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'releaseSeat',
    summary: 'Release a seat (admin)',
    description:
      'Role admin. Ends a lock, or takes a reserved seat out of its reservation (a reservation left with no seat reads cancelled); recorded as an admin release. A free seat: 200, nothing recorded.',
  })
  @ApiSessionAndCsrf()
  @ApiEventId()
  @ApiSeatId()
  @ApiOkResponse({ type: SeatAnswerSchema, description: 'The seat, now available.' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden', 'not_found', 'unavailable'])
  async release(@Param('eventId') eventId: string, @Param('seatId') seatId: string, @Body(NoBodyPipe) _body: unknown, @Req() req: HttpRequest) {
    const { seat, position } = await this.commands.execute(new AdminReleaseSeat(eventId, seatId, commandContext(req, currentUser(req))));
    await this.readModels.caughtUpWith(position);
    return { seat };
  }

  /** 202: the rebuild runs in the background; reads keep being served from the current read models. */
  @Post('projections/rebuild')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'rebuildProjections',
    summary: 'Rebuild the read models from the history',
    description: 'Role admin. Runs in the background while reads keep being served; starting one while one runs answers the running one.',
  })
  @ApiSessionAndCsrf()
  @ApiAcceptedResponse({ type: RebuildAnswerSchema, description: 'Started (or already running).' })
  @ApiProblems([...UNSAFE_CALL_PROBLEMS, 'unauthenticated', 'forbidden'])
  async rebuild(@Body(NoBodyPipe) _body: unknown) {
    return { rebuild: await this.rebuilds.start() };
  }

  /** Progress of the last or running rebuild (for the admin page's progress bar). */
  @Get('projections/rebuild')
  @ApiOperation({ operationId: 'getRebuildStatus', summary: 'Progress of the last or running rebuild', description: 'Role admin.' })
  @ApiSession()
  @ApiOkResponse({ type: RebuildAnswerSchema })
  @ApiProblems(['unauthenticated', 'forbidden'])
  rebuildStatus() {
    return { rebuild: this.rebuilds.status() };
  }

  /**
   * The seat map of a valid body, in either form; else 400 with every rule class-validator cannot
   * state (one form only, unique row labels, a start in the future, and the layout's own rules).
   */
  private layoutOf(body: CreateEventBody): Layout {
    const errors: FieldError[] = [];
    const { rows, sections, categories } = body;
    if (rows && (sections || categories)) {
      errors.push({ field: 'rows', message: 'Give either rows (the simple form) or sections and categories, not both.' });
    } else if (!rows && !sections && !categories) {
      errors.push({ field: 'rows', message: 'The seat map is missing: give rows, or sections and categories.' });
    } else if (!rows && !sections) {
      errors.push({ field: 'sections', message: 'sections is required with categories: the rows of the venue, in sections.' });
    } else if (!rows && !categories) {
      errors.push({ field: 'categories', message: 'categories is required with sections: the price categories the rows name.' });
    }
    if (rows) {
      const labels = rows.map((r) => r.label);
      const twice = labels.filter((l, i) => labels.indexOf(l) !== i);
      if (twice.length) errors.push({ field: 'rows', message: `Row labels must be unique; ${[...new Set(twice)].join(', ')} appears more than once.` });
    }
    if (sections && categories) errors.push(...layoutErrors({ sections, categories }));
    if (Date.parse(body.startsAt) <= this.clock.now().getTime()) errors.push({ field: 'startsAt', message: 'startsAt must be in the future.' });
    if (errors.length) throw validationProblem(errors);
    if (rows) return layoutFromRows(rows.map(({ label, seats, price }) => ({ label, seats, price })));
    const ascending = (numbers: number[] | undefined) => [...(numbers ?? [])].sort((a, b) => a - b);
    return {
      form: 'sections',
      categories: categories!.map(({ key, name, price }) => ({ key, name, price })),
      sections: sections!.map(({ key, name, rows: sectionRows }) => ({
        key,
        name,
        rows: sectionRows.map((r) => ({ label: r.label, seats: r.seats, firstNumber: r.firstNumber ?? 1, category: r.category, aislesAfter: ascending(r.aislesAfter), accessible: ascending(r.accessible) })),
      })),
    };
  }
}
