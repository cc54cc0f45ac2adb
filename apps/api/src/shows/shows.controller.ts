/** Events (shows) and their seat grids: public reads. */
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiEventId, ApiOptionalSession, ApiProblems } from '../http/api-docs';
import { SeatGridSchema } from '../seats/seat.schema';
import { GridShortcut } from '../seats/seat-grid/grid-shortcut';
import { sendParts } from '../seats/seat-grid/gzip-splice';
import type { GridAnswer } from '../seats/seat-grid/seat-grid-cache';
import { SeatGrid } from '../seats/seat-grid/seat-grid.query';
import type { SessionUser } from '../users/user-accounts';
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
  async seats(@Param('eventId') eventId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const viewer = req.user as SessionUser | undefined;
    const grid: GridAnswer = await this.queries.execute(new SeatGrid(eventId, viewer?.id));
    this.shortcut.remember(req, eventId, grid);
    res.setHeader('ETag', grid.etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Accept-Encoding, Cookie');
    if (req.header('if-none-match') === grid.etag) {
      res.status(304).end();
      return;
    }
    res.type('application/json');
    // Compressed from pieces rendered once per change (seat-grid-cache.ts), not per request.
    if (req.acceptsEncodings('gzip') === 'gzip') sendParts(res.setHeader('Content-Encoding', 'gzip'), grid.gzip());
    else res.send(grid.json());
  }

}
