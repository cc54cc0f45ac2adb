// /api/csrf, /api/login, /api/logout, /api/me, /api/register.
import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, map, of, throwError } from 'rxjs';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly string[];
}

interface UserBody {
  readonly user: User;
}

@Injectable({ providedIn: 'root' })
export class SessionApi {
  private readonly http = inject(HttpClient);

  /** Makes the server set the `XSRF-TOKEN` cookie that HttpClient echoes on unsafe requests. */
  csrf(): Observable<string> {
    return this.http.get<{ csrfToken: string }>('/api/csrf/').pipe(map((body) => body.csrfToken));
  }

  /** The logged-in user, or null for an anonymous visitor. */
  me(): Observable<User | null> {
    return this.http.get<UserBody>('/api/me/').pipe(
      map((body) => body.user),
      catchError((error: unknown) =>
        error instanceof HttpErrorResponse && error.status === 401 ? of(null) : throwError(() => error),
      ),
    );
  }

  login(username: string, password: string): Observable<User> {
    return this.http.post<UserBody>('/api/login/', { username, password }).pipe(map((body) => body.user));
  }

  register(username: string, password: string): Observable<User> {
    return this.http.post<UserBody>('/api/register/', { username, password }).pipe(map((body) => body.user));
  }

  logout(): Observable<void> {
    return this.http.post<void>('/api/logout/', null);
  }
}
