/**
 * Every error answer is RFC 9457 problem details with a stable `code` (api.md). This file is the
 * one place where a code gets its HTTP status and title.
 */
export type ProblemCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'csrf_failed'
  | 'forbidden'
  | 'registration_closed'
  | 'not_found'
  | 'seat_unavailable'
  | 'not_lock_owner'
  | 'lock_expired'
  | 'seat_limit_reached'
  | 'already_cancelled'
  | 'not_enough_seats'
  | 'hold_cap_reached'
  | 'sales_closed'
  | 'event_cancelled'
  | 'forbidden_self_change'
  | 'account_disabled'
  | 'username_taken'
  | 'idempotency_key_reused'
  | 'rate_limited'
  | 'payload_too_large'
  | 'method_not_allowed'
  | 'range_not_satisfiable'
  | 'header_too_large'
  | 'request_timeout'
  | 'unavailable'
  | 'internal_error';

export const PROBLEMS: Record<ProblemCode, { status: number; title: string }> = {
  validation_failed: { status: 400, title: 'Invalid request' },
  unauthenticated: { status: 401, title: 'Not logged in' },
  invalid_credentials: { status: 401, title: 'Wrong username or password' },
  csrf_failed: { status: 403, title: 'Missing or invalid CSRF token' },
  forbidden: { status: 403, title: 'Not allowed' },
  registration_closed: { status: 403, title: 'Registration is closed' },
  not_found: { status: 404, title: 'Not found' },
  seat_unavailable: { status: 409, title: 'Seat unavailable' },
  not_lock_owner: { status: 409, title: 'Seat not held by you' },
  lock_expired: { status: 409, title: 'Hold expired' },
  seat_limit_reached: { status: 409, title: 'Seat limit reached' },
  already_cancelled: { status: 409, title: 'Already cancelled' },
  not_enough_seats: { status: 409, title: 'Not enough seats' },
  hold_cap_reached: { status: 409, title: 'Hold at its limit' },
  sales_closed: { status: 409, title: 'Sales closed' },
  event_cancelled: { status: 409, title: 'Event cancelled' },
  forbidden_self_change: { status: 409, title: 'Not on your own account' },
  account_disabled: { status: 403, title: 'Account disabled' },
  username_taken: { status: 409, title: 'Username taken' },
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  rate_limited: { status: 429, title: 'Too many requests' },
  payload_too_large: { status: 413, title: 'Request body too large' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  range_not_satisfiable: { status: 416, title: 'Range not satisfiable' },
  header_too_large: { status: 431, title: 'Request header too large' },
  request_timeout: { status: 408, title: 'Request timeout' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal_error: { status: 500, title: 'Internal error' },
};

export interface FieldError {
  field: string;
  message: string;
}

/** An error the HTTP layer raises itself (auth, validation, routing); domain errors come as DomainError. */
export class Problem extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'Problem';
  }
}

export const validationProblem = (errors: FieldError[]): Problem =>
  new Problem('validation_failed', errors.length === 1 ? errors[0].message : `${errors.length} fields are invalid: ${errors.map((e) => e.field).join(', ')}`, { errors });

export const notFound = (detail: string): Problem => new Problem('not_found', detail);

export function problemBody(code: ProblemCode, detail: string, extensions: Record<string, unknown> = {}) {
  const { status, title } = PROBLEMS[code];
  return { type: `https://tessera.dev/problems/${code.replace(/_/g, '-')}`, title, status, detail, code, ...extensions };
}
