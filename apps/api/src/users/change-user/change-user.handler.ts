/**
 * The box office changes an account (api.md `PATCH /api/admin/users/{userId}/`): one decision on
 * the user's stream, then what it means for the sessions and seats of that user. Disabling ends
 * their sessions at once (their next call: 401) and their live locks; a new password ends their
 * other sessions; new roles take effect in their live sessions at once (docs/box-office.md).
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { userDecider, userStream, type Role } from '@tessera/domain';
import { hashPassword } from '../../auth/password';
import { SESSION_REVOCATION, type SessionRevocation } from '../../auth/session-revocation';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { decideAndAppend, type CommandContext } from '../../commands/decide-and-append';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { liveLocksOf, runSeatCommand } from '../../seats/seat-command';

export class ChangeUser {
  constructor(
    readonly userId: string,
    readonly change: { roles?: Role[]; disabled?: boolean; password?: string },
    /** The admin's id and session id: their own session survives their own new password. */
    readonly actor: { id: string; sessionId: string | undefined },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChangeUser)
export class ChangeUserHandler implements ICommandHandler<ChangeUser, Position | undefined> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_REVOCATION) private readonly sessions: SessionRevocation,
  ) {}

  async execute({ userId, change, actor, context }: ChangeUser): Promise<Position | undefined> {
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
    const decision = await decideAndAppend(
      this.events,
      userStream(userId),
      userDecider,
      { type: 'ChangeUser', data: { userId, actorId: actor.id, roles: change.roles, disabled: change.disabled, passwordHash } },
      () => this.clock.now(),
      context,
    );
    let position = decision.position;
    // Asked to disable a user who is disabled (now or already): their sessions and locks are ended
    // every time, not only when UserDisabled was appended by this call, so that the admin's retry
    // after a 503 or a crash between the append and the revocation finishes the job.
    if (change.disabled === true && decision.state.status === 'registered' && decision.state.disabled) {
      await this.sessions.endSessionsOf(userId);
      position = (await this.endLocksOf(userId, context)) ?? position;
    }
    for (const event of decision.events) {
      switch (event.type) {
        case 'UserPasswordChanged':
          await this.sessions.endSessionsOf(userId, actor.id === userId ? actor.sessionId : undefined);
          break;
        case 'UserRolesChanged':
          await this.sessions.setRolesOf(userId, event.data.roles);
          break;
        default:
          break;
      }
    }
    return position;
  }

  /**
   * Ends the live locks the user holds (SeatReleased `user-disabled`), found in the seat grid: a lock
   * taken in the instant before their sessions ended and not projected yet runs out by itself.
   */
  private async endLocksOf(userId: string, context: CommandContext): Promise<Position | undefined> {
    const held = await liveLocksOf(this.store, null, userId, this.clock.now());
    let position: Position | undefined;
    for (const seat of held) {
      const answer = await runSeatCommand(this.events, this.clock, seat, { type: 'EndLock', data: { showId: seat.showId, seatId: seat.seatId, reason: 'user-disabled', userId } }, context);
      position = answer.position ?? position;
    }
    return position;
  }
}
