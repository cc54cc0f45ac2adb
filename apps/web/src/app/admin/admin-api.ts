// /api/admin: create events, users and their roles, disabled state and password, release a seat,
// rebuild the read models (role admin). The box office's event and booking calls: box-office-api.ts.
import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { Seat } from '../api/seats-api';
import { SeatRowSpec, ShowDetail } from '../api/shows-api';
import { Role } from './roles';

export interface CreateEventBody {
  readonly name: string;
  readonly venue: string;
  /** ISO-8601 UTC. */
  readonly startsAt: string;
  readonly currency: string;
  /** `seats` is sent as typed when it is not a number, so that the server names the field. */
  readonly rows?: readonly (Omit<SeatRowSpec, 'seats'> & { readonly seats: number | string })[];
  /** A layout (api.md "Venue layouts"), instead of rows: sent as the admin wrote it. */
  readonly categories?: unknown;
  readonly sections?: unknown;
}

export interface UserAccount {
  readonly id: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly createdAt: string;
  /** Disabled by the box office: cannot log in. */
  readonly disabled: boolean;
}

/** What changes about a user: only the fields given (at least one). */
export interface ChangeUserBody {
  /** The whole set of roles. */
  readonly roles?: readonly Role[];
  readonly disabled?: boolean;
  /** A new password; the user's other sessions end. */
  readonly password?: string;
}

export interface CreateUserBody {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly Role[];
}

export type RebuildState = 'idle' | 'running' | 'done' | 'failed';

export interface RebuildStatus {
  readonly status: RebuildState;
  readonly eventsReplayed: number;
  /** 0 to 1. */
  readonly progress: number;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly eventsPerSecond: number | null;
}

const ADMIN = '/api/admin';

@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  createEvent(body: CreateEventBody): Observable<ShowDetail> {
    return this.http.post<{ event: ShowDetail }>(`${ADMIN}/events/`, body).pipe(map((answer) => answer.event));
  }

  /** Oldest first. */
  users(): Observable<readonly UserAccount[]> {
    return this.http.get<{ users: UserAccount[] }>(`${ADMIN}/users/`).pipe(map((answer) => answer.users));
  }

  createUser(body: CreateUserBody): Observable<UserAccount> {
    return this.http.post<{ user: UserAccount }>(`${ADMIN}/users/`, body).pipe(map((answer) => answer.user));
  }

  /** An admin cannot disable themselves nor drop their own admin role (409 forbidden_self_change). */
  changeUser(userId: string, body: ChangeUserBody): Observable<UserAccount> {
    return this.http.patch<{ user: UserAccount }>(`${ADMIN}/users/${encodeURIComponent(userId)}/`, body).pipe(map((answer) => answer.user));
  }

  /** Ends a lock or takes a reserved seat out of its reservation; a free seat stays as it is. */
  releaseSeat(showId: string, seatId: string): Observable<Seat> {
    return this.http
      .post<{ seat: Seat }>(`${ADMIN}/events/${encodeURIComponent(showId)}/seats/${encodeURIComponent(seatId)}/release/`, null)
      .pipe(map((answer) => answer.seat));
  }

  /** 202: started, or the one already running. */
  startRebuild(): Observable<RebuildStatus> {
    return this.http.post<{ rebuild: RebuildStatus }>(`${ADMIN}/projections/rebuild/`, null).pipe(map((answer) => answer.rebuild));
  }

  rebuildStatus(): Observable<RebuildStatus> {
    return this.http.get<{ rebuild: RebuildStatus }>(`${ADMIN}/projections/rebuild/`).pipe(map((answer) => answer.rebuild));
  }
}
