/** Users as admins list them: never the password hash. */
import type { Role } from '@tessera/domain';
import type { Projection } from './projection';

export interface UserDoc {
  id: string;
  username: string;
  roles: Role[];
  createdAt: string;
}

export const usersProjection: Projection<UserDoc> = {
  collection: 'users',
  keys: (event) => (event.type === 'UserRegistered' ? [event.data.userId] : []),
  apply(doc, event) {
    if (event.type !== 'UserRegistered') return doc;
    const { userId, username, roles, registeredAt } = event.data;
    return { id: userId, username, roles, createdAt: registeredAt };
  },
};
