/** Who may call what: logged in (401 otherwise) and, where a route says so, a role (403 otherwise). */
import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@tessera/domain';
import type { HttpRequest } from '../http/http';
import { Problem } from '../http/problem';
import type { SessionUser } from '../users/user-accounts';

const ROLES_KEY = 'roles';
/** Admins may do everything auditors may (api.md). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

@Injectable()
export class LoggedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<HttpRequest>();
    if (!req.user) throw new Problem('unauthenticated', 'Log in first.');
    return true;
  }
}

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<HttpRequest>().user;
    if (!user) throw new Problem('unauthenticated', 'Log in first.');
    const granted = new Set<Role>(user.roles.includes('admin') ? ['admin', 'auditor', 'user'] : user.roles);
    if (!roles.some((r) => granted.has(r))) throw new Problem('forbidden', 'Your account is not allowed to do this.');
    return true;
  }
}

export const currentUser = (req: HttpRequest): SessionUser => {
  if (!req.user) throw new Problem('unauthenticated', 'Log in first.');
  return req.user;
};
