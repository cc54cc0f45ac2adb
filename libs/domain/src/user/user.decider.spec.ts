import { givenFor } from '../testing/given';
import { at } from '../testing/seat.fixtures';
import type { RegisterUser } from './user.commands';
import { userDecider } from './user.decider';
import { UsernameTaken } from './user.errors';
import type { UserRegistered } from './user.events';

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
