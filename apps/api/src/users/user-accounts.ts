/**
 * Users as the write side knows them: one stream per user, named after the lower-cased username,
 * so that looking a user up at login and claiming a name at registration need no read model.
 */
import { Inject, Injectable } from '@nestjs/common';
import { userStream, type Role, type UserRegistered } from '@tessera/domain';
import { v5 as uuidv5 } from 'uuid';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';

const USER_ID_NAMESPACE = '0f7c2d4e-3b1a-4e8f-9c6d-2a5b8e1f4c7d';

export const userIdOf = (username: string): string => uuidv5(username.toLowerCase(), USER_ID_NAMESPACE);

export interface Account {
  id: string;
  username: string;
  roles: Role[];
  passwordHash: string;
  createdAt: string;
}

/** What goes into a session and into answers: never the hash. */
export interface SessionUser {
  id: string;
  username: string;
  roles: Role[];
}

@Injectable()
export class UserAccounts {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async findByUsername(username: string): Promise<Account | undefined> {
    const history = await this.events.readStream(userStream(userIdOf(username)));
    const registered = history.find((e) => e.type === 'UserRegistered');
    if (!registered) return undefined;
    const { userId, username: name, roles, passwordHash, registeredAt } = (registered.data as UserRegistered['data']);
    return { id: userId, username: name, roles, passwordHash, createdAt: registeredAt };
  }
}

export const publicUser = (a: { id: string; username: string; roles: Role[] }): SessionUser => ({ id: a.id, username: a.username, roles: a.roles });
