// /api/audit: the whole history a page at a time, one seat's history, the seat grid as of an
// instant, and verify (role auditor or admin).
import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { SeatGridSnapshot } from '../api/seats-api';

export interface AuditMetadata {
  /** The acting user's id, or "system" for the expiry sweeper and recovery. */
  readonly userId: string;
  readonly correlationId: string;
  readonly causationId: string;
}

export interface AuditEntry {
  /** Opaque: only ever sent back as `from`. */
  readonly position: string;
  readonly stream: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: AuditMetadata;
  readonly recordedAt: string;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  /** The `from` of the next page; null at the end. */
  readonly next: string | null;
}

export interface Mismatch {
  readonly collection: string;
  readonly id: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface VerifyReport {
  readonly consistent: boolean;
  readonly eventsReplayed: number;
  readonly mismatches: readonly Mismatch[];
}

/** The server's largest page. */
export const MAX_PAGE = 1000;

@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  /** One page of the history in commit order; `from` is a previous page's `next` (none: from the start). */
  log(from: string | null, limit = 100): Observable<AuditPage> {
    let params = new HttpParams().set('limit', limit);
    if (from !== null) {
      params = params.set('from', from);
    }
    return this.http.get<AuditPage>('/api/audit/log/', { params });
  }

  seatHistory(showId: string, seatId: string): Observable<readonly AuditEntry[]> {
    return this.http
      .get<{ entries: AuditEntry[] }>(`${showPath(showId)}/seats/${encodeURIComponent(seatId)}/history/`)
      .pipe(map((answer) => answer.entries));
  }

  /** The seat grid exactly as it stood at `asOf` (ISO-8601), replayed from the history. */
  seatsAsOf(showId: string, asOf: string): Observable<SeatGridSnapshot> {
    return this.http.get<SeatGridSnapshot>(`${showPath(showId)}/seats/`, { params: new HttpParams().set('asOf', asOf) });
  }

  verify(): Observable<VerifyReport> {
    return this.http.get<VerifyReport>('/api/audit/verify/');
  }
}

function showPath(showId: string): string {
  return `/api/audit/events/${encodeURIComponent(showId)}`;
}
