/** Events (shows) and their seat grids: public reads. */
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { SeatGrid, type SeatGridView } from '../seats/seat-grid/seat-grid.query';
import type { SessionUser } from '../users/user-accounts';
import { GetShow, ListShows } from './show-queries';

@Controller('events')
export class ShowsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  async list() {
    return { events: await this.queries.execute(new ListShows()) };
  }

  @Get(':eventId')
  async get(@Param('eventId') eventId: string) {
    return { event: await this.queries.execute(new GetShow(eventId)) };
  }

  /** ETag over the seats as this caller sees them; a matching If-None-Match gets 304 and no body. */
  @Get(':eventId/seats')
  async seats(@Param('eventId') eventId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const viewer = req.user as SessionUser | undefined;
    const { etag, ...grid }: SeatGridView = await this.queries.execute(new SeatGrid(eventId, viewer?.id));
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (req.header('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.json(grid);
  }
}
