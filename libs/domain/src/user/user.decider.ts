/**
 * A user's decider. The stream is named after the lower-cased username, so a name is claimed by
 * appending to a stream that must not exist yet: the store's expected revision makes names unique.
 */
import { type Decider, unreachable } from '../shared/decider';
import type { ChangeUser, UserCommand } from './user.commands';
import { ForbiddenSelfChange, UserNotFound, UsernameTaken } from './user.errors';
import type { Role, UserEvent } from './user.events';

/** No password hash here: state is for decisions, and no decision needs it. */
export type UserState = { status: 'none' } | { status: 'registered'; userId: string; username: string; roles: Role[]; disabled: boolean };

type Registered = Extract<UserState, { status: 'registered' }>;

export const initialState = (): UserState => ({ status: 'none' });

export function decide(command: UserCommand, state: UserState, now: Date): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      if (state.status === 'registered') throw new UsernameTaken(command.data.username);
      const data = { ...command.data, roles: [...command.data.roles] };
      return [{ type: 'UserRegistered', data: { ...data, registeredAt: now.toISOString() } }];
    }
    case 'ChangeUser':
      if (state.status !== 'registered') throw new UserNotFound(command.data.userId);
      return change(command.data, state, now.toISOString());
    default:
      return unreachable(command);
  }
}

const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean => a.length === b.length && a.every((r) => b.includes(r));

/** Roles, then the password, then the account's state: each field given and different is one event. */
function change(cmd: ChangeUser['data'], state: Registered, at: string): UserEvent[] {
  const self = cmd.actorId === state.userId;
  if (self && cmd.disabled === true) throw new ForbiddenSelfChange('You cannot disable your own account; ask another admin');
  if (self && cmd.roles && state.roles.includes('admin') && !cmd.roles.includes('admin')) {
    throw new ForbiddenSelfChange('You cannot drop your own admin role; ask another admin');
  }
  const { userId } = state;
  const events: UserEvent[] = [];
  if (cmd.roles && !sameRoles(cmd.roles, state.roles)) events.push({ type: 'UserRolesChanged', data: { userId, roles: [...cmd.roles], changedAt: at } });
  if (cmd.passwordHash !== undefined) events.push({ type: 'UserPasswordChanged', data: { userId, passwordHash: cmd.passwordHash, changedAt: at } });
  if (cmd.disabled === true && !state.disabled) events.push({ type: 'UserDisabled', data: { userId, disabledAt: at } });
  if (cmd.disabled === false && state.disabled) events.push({ type: 'UserEnabled', data: { userId, enabledAt: at } });
  return events;
}

export function evolve(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserRegistered') {
    const { userId, username, roles } = event.data;
    return { status: 'registered', userId, username, roles, disabled: false };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'UserRolesChanged':
      return { ...state, roles: event.data.roles };
    case 'UserDisabled':
      return { ...state, disabled: true };
    case 'UserEnabled':
      return { ...state, disabled: false };
    case 'UserPasswordChanged':
      return state;
    default:
      return unreachable(event);
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = { initialState, decide, evolve };
