/** passport-local: checks a username and password against the user's stream. */
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { HttpRequest } from '../http/http';
import { Strategy } from 'passport-local';
import { Problem } from '../http/problem';
import { addressKey } from '../http/rate-limit';
import { publicUser, UserAccounts, type SessionUser } from '../users/user-accounts';
import { LoginThrottle } from './login-throttle';
import { dummyHash, verifyPassword } from './password';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly throttle: LoginThrottle,
  ) {
    super({ passReqToCallback: true });
  }

  /** The client address is `req.ip`: the socket's, or with TRUST_PROXY the one the trusted proxies saw. */
  async validate(req: HttpRequest, username: string, password: string): Promise<SessionUser> {
    const address = addressKey(req.ip);
    await this.throttle.attempt(username, address);
    let account: Awaited<ReturnType<UserAccounts['findByUsername']>>;
    let ok: boolean;
    try {
      account = await this.accounts.findByUsername(username);
      // Same work and same answer whether the name exists or not.
      ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash()));
    } catch (error) {
      // The store could not answer (503): no password was checked, so this was no failed login.
      await this.throttle.refund(username, address);
      throw error;
    }
    if (!account || !ok) {
      throw new Problem('invalid_credentials', 'The username or password is wrong.');
    }
    await this.throttle.succeeded(username, address);
    // Only after the password was right: a wrong one stays invalid_credentials, telling nothing.
    if (account.disabled) throw new Problem('account_disabled', 'This account is disabled; contact the box office.');
    return publicUser(account);
  }
}
