// Who is logged in, for the whole app. Started once before the first screen renders.
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { SessionApi, User } from '../api/session-api';

@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(SessionApi);
  private readonly current = signal<User | null>(null);

  readonly user = this.current.asReadonly();
  readonly loggedIn = computed(() => this.current() !== null);

  /** Gets the CSRF cookie and asks who we are, both at once. A server that is down leaves us anonymous. */
  async start(): Promise<void> {
    const [, user] = await Promise.all([
      firstValueFrom(this.api.csrf()).catch(() => null),
      firstValueFrom(this.api.me()).catch(() => null),
    ]);
    this.current.set(user);
  }

  async login(username: string, password: string): Promise<User> {
    const user = await firstValueFrom(this.api.login(username, password));
    this.current.set(user);
    return user;
  }

  async register(username: string, password: string): Promise<User> {
    const user = await firstValueFrom(this.api.register(username, password));
    this.current.set(user);
    return user;
  }

  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.api.logout());
    } finally {
      this.current.set(null);
    }
  }

  /** The server said 401: the session is gone, whatever we believed. */
  forget(): void {
    this.current.set(null);
  }
}
