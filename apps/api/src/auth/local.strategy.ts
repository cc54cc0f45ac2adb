/** passport-local: checks a username and password against the user's stream. */
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { Problem } from '../http/problem';
import { publicUser, UserAccounts, type SessionUser } from '../users/user-accounts';
import { LoginThrottle } from './login-throttle';
import { dummyHash, verifyPassword } from './password';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly throttle: LoginThrottle,
  ) {
    super();
  }

  async validate(username: string, password: string): Promise<SessionUser> {
    await this.throttle.check(username);
    const account = await this.accounts.findByUsername(username);
    // Same work and same answer whether the name exists or not.
    const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash()));
    if (!account || !ok) {
      await this.throttle.failed(username);
      throw new Problem('invalid_credentials', 'The username or password is wrong.');
    }
    await this.throttle.succeeded(username);
    return publicUser(account);
  }
}
