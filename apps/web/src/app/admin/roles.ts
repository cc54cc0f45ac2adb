// Who may see the admin and audit pages. The server enforces the roles on every call; these only
// decide what the header offers and where a route sends someone who lacks the role.
import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { User } from '../api/session-api';
import { SessionStore } from '../session/session-store';

export type Role = 'user' | 'admin' | 'auditor';
export const ROLES: readonly Role[] = ['user', 'admin', 'auditor'];

export function hasAnyRole(user: User | null, roles: readonly Role[]): boolean {
  return user !== null && roles.some((role) => user.roles.includes(role));
}

/** Admins run the system. */
export const canAdminister = (user: User | null): boolean => hasAnyRole(user, ['admin']);

/** Auditors read the history; admins may do everything auditors may. */
export const canAudit = (user: User | null): boolean => hasAnyRole(user, ['auditor', 'admin']);

/** Route guard: anonymous visitors go to "Log in" (and back), logged-in people without the role to the events. */
export function requireRole(...roles: Role[]): CanActivateFn {
  return (_route, state) => {
    const session = inject(SessionStore);
    const router = inject(Router);
    if (!session.loggedIn()) {
      return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
    }
    return hasAnyRole(session.user(), roles) || router.createUrlTree(['/events']);
  };
}
