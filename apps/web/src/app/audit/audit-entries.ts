// Reading recorded events as an auditor: when each happened, who did it, why, which event (show)
// it belongs to, and the log browser's filters. Entries' `data` is whatever the event recorded, so
// every field is checked before use.
import { formatDate } from '@angular/common';
import { AuditEntry } from './audit-api';

/**
 * The fields that carry an event's domain time: when the decision was taken, on the clock that set
 * its lock times. Time travel replays up to this time, so it is the instant of an entry.
 */
const DOMAIN_TIMES = [
  'lockedAt',
  'extendedAt',
  'releasedAt',
  'reservedAt',
  'scheduledAt',
  'requestedAt',
  'confirmedAt',
  'failedAt',
  'cancelledAt',
  'registeredAt',
  // The box office's events (issue 17).
  'blockedAt',
  'unblockedAt',
  'changedAt',
  'closedAt',
  'openedAt',
  'completedAt',
  'disabledAt',
  'enabledAt',
] as const;

/** When the entry happened: its domain time, else when it was recorded. */
export function entryInstant(entry: AuditEntry): string {
  for (const field of DOMAIN_TIMES) {
    const value = entry.data[field];
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
      return new Date(value).toISOString();
    }
  }
  return entry.recordedAt;
}

function text(entry: AuditEntry, field: string): string | null {
  const value = entry.data[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The user the event is about: the username it records (the holder of a lock, the one who
 * reserved), else the user id it records (whose lock or reservation ended), else the acting user.
 */
export function entryUser(entry: AuditEntry): string {
  return text(entry, 'username') ?? text(entry, 'userId') ?? entry.metadata.userId;
}

/** Why a seat was released ("unlocked", "expired", "admin", …); null for other events. */
export function entryReason(entry: AuditEntry): string | null {
  return text(entry, 'reason');
}

/** The event (show) an entry belongs to, when it names one. */
export function entryShowId(entry: AuditEntry): string | null {
  return text(entry, 'showId');
}

/** The seat an entry is about, when it names one. */
export function entrySeatId(entry: AuditEntry): string | null {
  return text(entry, 'seatId');
}

export interface LogFilter {
  /** Part of the stream name, e.g. "seat-" or an event's id. */
  readonly stream: string;
  /** An exact event type, or "" for any. */
  readonly type: string;
  /** Part of the acting user's id ("system" for the sweeper). */
  readonly userId: string;
}

export const NO_FILTER: LogFilter = { stream: '', type: '', userId: '' };

export function matchesFilter(entry: AuditEntry, filter: LogFilter): boolean {
  const stream = filter.stream.trim().toLowerCase();
  const userId = filter.userId.trim().toLowerCase();
  return (
    (stream === '' || entry.stream.toLowerCase().includes(stream)) &&
    (filter.type === '' || entry.type === filter.type) &&
    (userId === '' || entry.metadata.userId.toLowerCase().includes(userId))
  );
}

/** The types seen so far, sorted, for the type filter's choices. */
export function entryTypes(entries: readonly AuditEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.type))].sort();
}

/** "22 Dec 2026, 10:05:30.123 UTC": to the millisecond, since a lock and a reserve may share a second. */
export function formatInstant(iso: string): string {
  return `${formatDate(iso, 'd MMM y, HH:mm:ss.SSS', 'en-US', 'UTC')} UTC`;
}
