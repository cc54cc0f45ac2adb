// Who is logged in, for the whole app. Started once before the first screen renders.
import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { SessionApi, User } from '../api/session-api';

@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(SessionApi);
  private readonly current = signal<User | null>(null);
  private readonly document = inject(DOCUMENT);

  readonly user = this.current.asReadonly();
  readonly loggedIn = computed(() => this.current() !== null);

  /**
   * Gets the CSRF cookie and asks who we are, both at once; a server that is down leaves us
   * anonymous. Who we are is asked only when the server's logged-in hint cookie (`tessera.user`,
   * set while a logged-in session lasts) is there: /api/me/ answers an anonymous visitor 401,
   * which the browser would log in its console for every visitor.
   */
  async start(): Promise<void> {
    const [, user] = await Promise.all([
      firstValueFrom(this.api.csrf()).catch(() => null),
      hasLoggedInHint(this.document.cookie) ? firstValueFrom(this.api.me()).catch(() => null) : Promise.resolve(null),
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

/** The server's logged-in hint (auth/sessions.ts on the server) among the page's cookies. */
export const hasLoggedInHint = (cookies: string): boolean => /(?:^|;\s*)tessera\.user=/.test(cookies);
