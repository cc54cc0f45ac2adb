/**
 * Users as the write side knows them: one stream per user, named after the lower-cased username,
 * so that looking a user up at login and claiming a name at registration need no read model.
 */
import { Inject, Injectable } from '@nestjs/common';
import { upcast, userStream, type Role, type UserEvent } from '@tessera/domain';
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
  /** Disabled by the box office: the right password is answered 403 account_disabled. */
  disabled: boolean;
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

  /** The account as its stream tells it now: roles, password and disabled state as the box office left them. */
  async findByUsername(username: string): Promise<Account | undefined> {
    let account: Account | undefined;
    for (const recorded of await this.events.readStream(userStream(userIdOf(username)))) {
      const event = upcast(recorded.type, recorded.data) as UserEvent;
      if (event.type === 'UserRegistered') {
        const { userId, username: name, roles, passwordHash, registeredAt } = event.data;
        account = { id: userId, username: name, roles, passwordHash, createdAt: registeredAt, disabled: false };
      } else if (account) {
        if (event.type === 'UserRolesChanged') account.roles = event.data.roles;
        else if (event.type === 'UserPasswordChanged') account.passwordHash = event.data.passwordHash;
        else if (event.type === 'UserDisabled') account.disabled = true;
        else if (event.type === 'UserEnabled') account.disabled = false;
      }
    }
    return account;
  }
}

export const publicUser = (a: { id: string; username: string; roles: Role[] }): SessionUser => ({ id: a.id, username: a.username, roles: a.roles });
