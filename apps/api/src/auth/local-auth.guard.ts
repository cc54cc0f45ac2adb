/**
 * Login: validate the body first (400 validation_failed), then passport-local, then log in, which
 * regenerates the session (passport >= 0.6), so a session id known before login is dead after it.
 */
import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { validationPipe } from '../http/validation';
import { LoginBody } from './auth.dto';

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  private readonly pipe = validationPipe();

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    await this.pipe.transform(req.body ?? {}, { type: 'body', metatype: LoginBody });
    const ok = (await super.canActivate(context)) as boolean;
    await super.logIn(req);
    return ok;
  }
}
