/** Users as admins list them: roles and disabled state as the box office left them; never the password hash. */
import type { Role } from '@tessera/domain';
import type { Projection } from './projection';

export interface UserDoc {
  id: string;
  username: string;
  roles: Role[];
  /** Absent on documents projected before the box office: not disabled. */
  disabled?: boolean;
  createdAt: string;
}

export const usersProjection: Projection<UserDoc> = {
  collection: 'users',
  keys(event) {
    switch (event.type) {
      case 'UserRegistered':
      case 'UserRolesChanged':
      case 'UserDisabled':
      case 'UserEnabled':
        return [event.data.userId];
      default:
        return [];
    }
  },
  apply(doc, event) {
    switch (event.type) {
      case 'UserRegistered': {
        const { userId, username, roles, registeredAt } = event.data;
        return { id: userId, username, roles, disabled: false, createdAt: registeredAt };
      }
      case 'UserRolesChanged':
        return doc && { ...doc, roles: event.data.roles };
      case 'UserDisabled':
        return doc && { ...doc, disabled: true };
      case 'UserEnabled':
        return doc && { ...doc, disabled: false };
      default:
        return doc;
    }
  },
};
