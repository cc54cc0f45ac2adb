/** Events (shows) and their seat grids: public reads. */
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '../http/http';
import { ApiEventId, ApiOptionalSession, ApiProblems } from '../http/api-docs';
import { SeatGridSchema } from '../seats/seat.schema';
import { GridShortcut } from '../seats/seat-grid/grid-shortcut';
import type { GridAnswer } from '../seats/seat-grid/seat-grid-cache';
import { SeatGrid } from '../seats/seat-grid/seat-grid.query';
import { GetShow, ListShows } from './show-queries';
import { ShowAnswerSchema, ShowListSchema } from './show.schema';

@ApiTags('events')
@Controller('events')
export class ShowsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly shortcut: GridShortcut,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listEvents', summary: 'List events', description: 'Soonest first. Public.' })
  @ApiOkResponse({ type: ShowListSchema })
  @ApiProblems(['unavailable'])
  async list() {
    return { events: await this.queries.execute(new ListShows()) };
  }

  @Get(':eventId')
  @ApiOperation({ operationId: 'getEvent', summary: 'One event with its rows', description: 'Public.' })
  @ApiEventId()
  @ApiOkResponse({ type: ShowAnswerSchema })
  @ApiProblems(['not_found', 'unavailable'])
  async get(@Param('eventId') eventId: string) {
    return { event: await this.queries.execute(new GetShow(eventId)) };
  }

  /** ETag over the seats as this caller sees them; a matching If-None-Match gets 304 and no body. */
  @Get(':eventId/seats')
  @ApiOperation({
    operationId: 'getSeatGrid',
    summary: 'The seat grid',
    description: 'Public; `lockedBy` and `mine` only for a logged-in caller. Poll it with If-None-Match: 304 while nothing this caller sees has changed.',
  })
  @ApiOptionalSession()
  @ApiEventId()
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of an earlier answer.', schema: { type: 'string' } })
  @ApiOkResponse({ type: SeatGridSchema, headers: { ETag: { description: 'Covers the seats as this caller sees them (not serverTime).', schema: { type: 'string' } } } })
  @ApiResponse({ status: 304, description: 'Not modified: If-None-Match matched the current ETag. No body.' })
  @ApiProblems(['not_found', 'unavailable'])
  async seats(@Param('eventId') eventId: string, @Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    const grid: GridAnswer = await this.queries.execute(new SeatGrid(eventId, req.user?.id));
    this.shortcut.remember(req.raw, eventId, grid);
    res.header('ETag', grid.etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Accept-Encoding, Cookie');
    if (req.headers['if-none-match'] === grid.etag) {
      res.code(304).send();
      return;
    }
    res.type('application/json; charset=utf-8');
    // Compressed from pieces rendered once per change (seat-grid-cache.ts), not per request; the
    // compression plugin leaves a body that already has a Content-Encoding alone.
    if (acceptsGzip(req.headers['accept-encoding'])) res.header('Content-Encoding', 'gzip').send(Buffer.concat(grid.gzip()));
    else res.send(grid.json());
  }

}

/** Accept-Encoding takes gzip: listed, and not with q=0 (RFC 9110 12.5.3); `*` counts too. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const item of header.split(',')) {
    const [name, ...params] = item.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q\s*=\s*0(?:\.0{0,3})?\s*$/.test(p));
    if (name.trim() === 'gzip') return !refused;
    if (name.trim() === '*') star = !refused;
  }
  return star;
}
