/**
 * A user's decider. The stream is named after the lower-cased username, so a name is claimed by
 * appending to a stream that must not exist yet: the store's expected revision makes names unique.
 */
import { type Decider, unreachable } from '../shared/decider';
import type { UserCommand } from './user.commands';
import { UsernameTaken } from './user.errors';
import type { Role, UserEvent } from './user.events';

/** No password hash here: state is for decisions, and no decision needs it. */
export type UserState = { status: 'none' } | { status: 'registered'; userId: string; username: string; roles: Role[] };

export const initialState = (): UserState => ({ status: 'none' });

export function decide(command: UserCommand, state: UserState, now: Date): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      if (state.status === 'registered') throw new UsernameTaken(command.data.username);
      const data = { ...command.data, roles: [...command.data.roles] };
      return [{ type: 'UserRegistered', data: { ...data, registeredAt: now.toISOString() } }];
    }
    default:
      return unreachable(command.type); // `.type`: a one-member union does not narrow to never
  }
}

export function evolve(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered': {
      const { userId, username, roles } = event.data;
      return { status: 'registered', userId, username, roles };
    }
    default:
      return unreachable(event.type);
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = { initialState, decide, evolve };
