import { givenFor } from '../testing/given';
import { at } from '../testing/seat.fixtures';
import type { ChangeUser, RegisterUser } from './user.commands';
import { userDecider } from './user.decider';
import { ForbiddenSelfChange, UserNotFound, UsernameTaken } from './user.errors';
import type { UserEvent, UserRegistered } from './user.events';

const given = givenFor(userDecider);
const account = { userId: 'u-alice', username: 'alice', passwordHash: 'scrypt$N=16384$salt$hash', roles: ['user' as const] };
const registerUser = (username = 'alice'): RegisterUser => ({ type: 'RegisterUser', data: { ...account, username } });
const registered = (atSecond = 0): UserRegistered => ({
  type: 'UserRegistered',
  data: { ...account, registeredAt: at(atSecond).toISOString() },
});

describe('registering a user', () => {
  it('registers a user whose name has no stream yet', () => {
    given([]).when(registerUser(), at(0)).then([registered(0)]);
  });

  it('refuses a registration once the name\'s stream holds a user', () => {
    const error = given([registered(0)]).when(registerUser('Alice'), at(10)).thenThrows(UsernameTaken);
    expect(error.code).toBe('username_taken');
    expect(error.detail).toBe('The username Alice is taken; choose another');
  });
});

describe('the box office changing an account', () => {
  const admin = 'u-admin';
  const change = (fields: Omit<ChangeUser['data'], 'userId' | 'actorId'>, actorId = admin): ChangeUser => ({ type: 'ChangeUser', data: { userId: 'u-alice', actorId, ...fields } });
  const disabled: UserEvent = { type: 'UserDisabled', data: { userId: 'u-alice', disabledAt: at(10).toISOString() } };

  it('records new roles, a new password and the disabling, each as its own event', () => {
    given([registered()]).when(change({ roles: ['user', 'auditor'], passwordHash: 'scrypt$new', disabled: true }), at(10)).then([
      { type: 'UserRolesChanged', data: { userId: 'u-alice', roles: ['user', 'auditor'], changedAt: at(10).toISOString() } },
      { type: 'UserPasswordChanged', data: { userId: 'u-alice', passwordHash: 'scrypt$new', changedAt: at(10).toISOString() } },
      disabled,
    ]);
  });

  it('records nothing for roles it already has (in any order) or a state it is already in', () => {
    given([registered()]).when(change({ roles: ['user'], disabled: false }), at(10)).thenNothing();
    given([registered(), disabled]).when(change({ disabled: true }), at(11)).thenNothing();
  });

  it('enables a disabled account again', () => {
    given([registered(), disabled]).when(change({ disabled: false }), at(20)).then([{ type: 'UserEnabled', data: { userId: 'u-alice', enabledAt: at(20).toISOString() } }]);
  });

  it('refuses an admin disabling themselves or dropping their own admin role (409 forbidden_self_change)', () => {
    const root: UserRegistered = { type: 'UserRegistered', data: { ...account, userId: 'u-alice', roles: ['admin'], registeredAt: at(0).toISOString() } };
    expect(given([root]).when(change({ disabled: true }, 'u-alice'), at(10)).thenThrows(ForbiddenSelfChange).code).toBe('forbidden_self_change');
    given([root]).when(change({ roles: ['user'] }, 'u-alice'), at(10)).thenThrows(ForbiddenSelfChange);
    // Their own password and roles that keep admin are theirs to change.
    given([root]).when(change({ roles: ['admin', 'auditor'], passwordHash: 'scrypt$new' }, 'u-alice'), at(10)).then([
      { type: 'UserRolesChanged', data: { userId: 'u-alice', roles: ['admin', 'auditor'], changedAt: at(10).toISOString() } },
      { type: 'UserPasswordChanged', data: { userId: 'u-alice', passwordHash: 'scrypt$new', changedAt: at(10).toISOString() } },
    ]);
  });

  it('answers not_found for a user who does not exist', () => {
    expect(given([]).when(change({ disabled: true }), at(10)).thenThrows(UserNotFound).code).toBe('not_found');
  });
});
