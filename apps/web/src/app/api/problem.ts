// Turns any failed HTTP call into the API's RFC 9457 problem shape, and that shape into a sentence.
import { HttpErrorResponse } from '@angular/common/http';

export interface ProblemConflict {
  readonly seatId: string;
  readonly label: string;
  readonly code: string;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly code: string;
  readonly detail: string | null;
  readonly conflicts: readonly ProblemConflict[];
  readonly errors: readonly FieldError[];
}

const FALLBACK_SENTENCES: Readonly<Record<string, string>> = {
  network: 'The server could not be reached. Check your connection and try again.',
  validation_failed: 'Some of what was sent is not valid. Check it and try again.',
  unauthenticated: 'Please log in to do that.',
  invalid_credentials: 'That username and password do not match. Try again.',
  csrf_failed: 'Your session’s security token was out of date. Please try again.',
  forbidden: 'Your account is not allowed to do that.',
  registration_closed: 'Registration is closed at the moment.',
  not_found: 'That could not be found; it may have been removed.',
  seat_unavailable: 'That seat was just taken by someone else.',
  not_lock_owner: 'You no longer hold that seat.',
  lock_expired: 'Your hold on that seat has expired. Pick it again.',
  seat_limit_reached: 'You already hold as many seats as one person may in this event.',
  already_cancelled: 'This reservation was already cancelled.',
  username_taken: 'That username is taken. Choose another one.',
  sales_closed: 'Sales for this event are closed at the moment; no seats can be held or reserved.',
  event_cancelled: 'This event was cancelled; nothing about it can change any more.',
  forbidden_self_change: 'You cannot disable your own account or drop your own admin role; ask another admin.',
  account_disabled: 'This account has been disabled. Contact the box office.',
  idempotency_key_reused: 'That request was already sent with different content. Try again.',
  rate_limited: 'Too many failed attempts. Wait a few minutes and try again.',
  unavailable: 'The service is briefly unavailable and nothing was changed. Try again in a moment.',
};

export function toProblem(error: unknown): Problem {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: 0, code: 'client_error', detail: null, conflicts: [], errors: [] };
  }
  if (error.status === 0) {
    return { status: 0, code: 'network', detail: null, conflicts: [], errors: [] };
  }
  const body = isRecord(error.error) ? error.error : {};
  return {
    status: error.status,
    code: typeof body['code'] === 'string' ? body['code'] : `http_${error.status}`,
    detail: typeof body['detail'] === 'string' && body['detail'].trim() !== '' ? body['detail'] : null,
    conflicts: Array.isArray(body['conflicts']) ? body['conflicts'].filter(isConflict) : [],
    errors: Array.isArray(body['errors']) ? body['errors'].filter(isFieldError) : [],
  };
}

/** The sentence to show a person: the API's own `detail` when it sent one, else one chosen by `code`. */
export function problemSentence(problem: Problem): string {
  return problem.detail ?? fallbackSentence(problem);
}

export function fallbackSentence(problem: Problem): string {
  return (
    FALLBACK_SENTENCES[problem.code] ??
    `Something went wrong (HTTP ${problem.status}). Please try again.`
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isConflict(value: unknown): value is ProblemConflict {
  return isRecord(value) && typeof value['seatId'] === 'string' && typeof value['code'] === 'string';
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value['message'] === 'string';
}
