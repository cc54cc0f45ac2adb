/**
 * Login: validate the body first (400 validation_failed), then passport-local, then log in on a
 * regenerated session (sessions.ts), so a session id known before login is dead after it.
 */
import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { HttpRequest } from '../http/http';
import type { SessionUser } from '../users/user-accounts';
import { validationPipe } from '../http/validation';
import { LoginBody } from './auth.dto';
import { logIn } from './sessions';

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly pipe = validationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<HttpRequest>();
    await this.pipe.transform(req.body ?? {}, { type: 'body', metatype: LoginBody });
    const ok = (await super.canActivate(context)) as boolean;
    await logIn(req, req.user as SessionUser);
    return ok;
  }
}
