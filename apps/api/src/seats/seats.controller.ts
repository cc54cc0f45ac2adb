/** Lock and unlock a seat. The user is the session's, never the body's. */
import { Body, Controller, HttpCode, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { currentUser, LoggedInGuard } from '../auth/guards';
import { NoBodyPipe } from '../http/no-body.pipe';
import { commandContext } from '../http/request-context';
import { ReadModels } from '../projections/read-models';
import { LockSeat } from './lock-seat/lock-seat.handler';
import type { SeatAnswer } from './seat-command';
import { UnlockSeat } from './unlock-seat/unlock-seat.handler';

@Controller('events/:eventId/seats/:seatId')
@UseGuards(LoggedInGuard)
export class SeatsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
  ) {}

  @Post('lock')
  @HttpCode(200)
  async lock(@Param('eventId') eventId: string, @Param('seatId') seatId: string, @Body(NoBodyPipe) _body: unknown, @Req() req: Request) {
    const user = currentUser(req);
    return this.answer(await this.commands.execute(new LockSeat(eventId, seatId, user, commandContext(req, user))));
  }

  @Post('unlock')
  @HttpCode(200)
  async unlock(@Param('eventId') eventId: string, @Param('seatId') seatId: string, @Body(NoBodyPipe) _body: unknown, @Req() req: Request) {
    const user = currentUser(req);
    return this.answer(await this.commands.execute(new UnlockSeat(eventId, seatId, user, commandContext(req, user))));
  }

  /** Answers once the read models include the write, so the caller's next read sees it. */
  private async answer({ seat, position }: SeatAnswer) {
    await this.readModels.caughtUpWith(position);
    return { seat };
  }
}
