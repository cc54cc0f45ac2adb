/** What a user stream (`user-{userId}`) can be asked to do. */
import type { UserRegistered } from './user.events';

/** Registration or an admin creating a user; the password arrives already hashed (the domain never sees it). */
export interface RegisterUser {
  type: 'RegisterUser';
  data: Omit<UserRegistered['data'], 'registeredAt'>;
}

export type UserCommand = RegisterUser;
