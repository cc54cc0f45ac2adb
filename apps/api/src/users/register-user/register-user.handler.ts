/** Registers a user: the name is claimed by the first append to its stream (expected revision no_stream). */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { userDecider, userStream, type Role } from '@tessera/domain';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../auth/password';
import { CLOCK, type Clock } from '../../clock/clock.port';
import { decideAndAppend } from '../../commands/decide-and-append';
import { EVENT_STORE, type EventStore, type Position } from '../../event-store/event-store.port';
import { userIdOf, type SessionUser } from '../user-accounts';

export class RegisterUser {
  constructor(
    readonly username: string,
    readonly password: string,
    readonly roles: Role[],
    /** The admin who creates the user; undefined for self-registration (the new user acts). */
    readonly actorId?: string,
    /** The HTTP request's id (its X-Request-Id), recorded in the event's metadata; undefined for the demo data. */
    readonly requestId?: string,
  ) {}
}

@CommandHandler(RegisterUser)
export class RegisterUserHandler implements ICommandHandler<RegisterUser, { user: SessionUser & { createdAt: string }; position: Position | undefined }> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ username, password, roles, actorId, requestId }: RegisterUser) {
    const userId = userIdOf(username);
    const passwordHash = await hashPassword(password);
    const correlationId = requestId ?? randomUUID();
    const decision = await decideAndAppend(
      this.events,
      userStream(userId),
      userDecider,
      { type: 'RegisterUser', data: { userId, username, passwordHash, roles } },
      () => this.clock.now(),
      { metadata: { userId: actorId ?? userId, correlationId, causationId: correlationId, ...(requestId === undefined ? {} : { requestId }) } },
    );
    if (decision.state.status !== 'registered') throw new Error('unreachable: a registration leaves a registered user');
    return { user: { id: userId, username, roles, createdAt: this.clock.now().toISOString() }, position: decision.position };
  }
}
