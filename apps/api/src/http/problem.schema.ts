/**
 * The problem+json body as the OpenAPI document describes it, and what each `code` means. Statuses
 * and titles come from PROBLEMS (problem.ts), details of the examples from the domain's own errors,
 * so the documented examples read exactly as the server's answers.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  SalesClosed, ShowCancelledError,
  AlreadyCancelled, IdempotencyKeyReused, LockExpired, NotLockOwner, SeatLimitReached, SeatUnavailable, UsernameTaken,
  type SeatConflict,
} from '@tessera/domain';
import { PROBLEMS, type FieldError, type ProblemCode } from './problem';

const CONFLICT_CODES: SeatConflict['code'][] = ['seat_unavailable', 'not_lock_owner', 'lock_expired', 'not_found'];

@ApiSchema({ name: 'FieldError', description: 'One invalid field of a validation_failed answer.' })
export class FieldErrorSchema implements FieldError {
  @ApiProperty({ type: String, description: 'The field, dotted for nested ones (`rows.0.price`), or `body`.', example: 'seatIds' })
  field!: string;

  @ApiProperty({ type: String, example: 'seatIds must name at least one seat.' })
  message!: string;
}

@ApiSchema({ name: 'SeatConflict', description: 'A seat that stood in the way of a reservation (409 on reserve).' })
export class SeatConflictSchema implements SeatConflict {
  @ApiProperty({ type: String, example: 'A1' })
  seatId!: string;

  @ApiProperty({ type: String, example: 'A1' })
  label!: string;

  @ApiProperty({ type: String, enum: CONFLICT_CODES, example: 'seat_unavailable' })
  code!: SeatConflict['code'];
}

@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem details (`application/problem+json`). `code` is the stable reason; `detail` a sentence a person can act on.' })
export class ProblemSchema {
  @ApiProperty({ type: String, format: 'uri', example: 'https://tessera.dev/problems/seat-unavailable' })
  type!: string;

  @ApiProperty({ type: String, example: 'Seat unavailable' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 409 })
  status!: number;

  @ApiProperty({ type: String, example: 'Seat A1 was just taken by someone else' })
  detail!: string;

  @ApiProperty({ type: String, enum: Object.keys(PROBLEMS), example: 'seat_unavailable' })
  code!: ProblemCode;

  @ApiProperty({ type: [FieldErrorSchema], required: false, description: 'With validation_failed: every invalid field.' })
  errors?: FieldError[];

  @ApiProperty({ type: [SeatConflictSchema], required: false, description: 'With a 409 on reserve: every seat that stood in the way; the top-level code is the first one\'s.' })
  conflicts?: SeatConflict[];
}

export interface ProblemDoc {
  /** When the server answers this code (api.md's table). */
  when: string;
  /** The example answer's detail and extensions, as the server words them. */
  detail: string;
  extensions?: Record<string, unknown>;
}

/** Every code the server can answer, documented; a new code does not compile until it is described here. */
export const PROBLEM_DOCS: Record<ProblemCode, ProblemDoc> = {
  validation_failed: {
    when: 'the body, path or query does not match the contract (wrong type, unknown field, empty or oversized list, malformed JSON)',
    detail: 'seatIds must name at least one seat.',
    extensions: { errors: [{ field: 'seatIds', message: 'seatIds must name at least one seat.' }] },
  },
  unauthenticated: { when: 'the call needs a logged-in user and there is none (or the session expired)', detail: 'Log in first.' },
  invalid_credentials: { when: 'a wrong username or password (the same answer for both)', detail: 'The username or password is wrong.' },
  csrf_failed: {
    when: 'an unsafe method without a valid X-XSRF-TOKEN header (take it from GET /api/csrf/ or the XSRF-TOKEN cookie)',
    detail: 'The CSRF token is missing or stale. Fetch /api/csrf/ and send its token in the X-XSRF-TOKEN header.',
  },
  forbidden: { when: 'logged in, but the role does not allow this call', detail: 'Your account is not allowed to do this.' },
  registration_closed: { when: 'registration while REGISTRATION=closed', detail: 'Registration is closed; ask an administrator for an account.' },
  not_found: { when: 'an unknown event, seat or reservation, or a reservation of another user', detail: 'There is no event with this id.' },
  seat_unavailable: { when: 'the seat is locked by someone else or reserved', detail: new SeatUnavailable('A1').detail },
  not_lock_owner: { when: 'you hold no live lock on the seat (free, reserved, or locked by someone else)', detail: new NotLockOwner('A1').detail },
  lock_expired: { when: 'your own lock on the seat has expired and nobody has locked it since', detail: new LockExpired('A1').detail },
  seat_limit_reached: { when: 'the lock would give you more than MAX_SEATS_PER_USER live locks in this event', detail: new SeatLimitReached(10).detail },
  already_cancelled: { when: 'the reservation is cancelled already', detail: new AlreadyCancelled('3f2b8c1e-5d4a-4b7e-9c2f-1a6d8e0b7c55').detail },
  not_enough_seats: { when: 'best available found no seats that satisfy the request', detail: 'No 4 seats together in category premium: try fewer seats, another category or section, or seats apart (allowSplit).' },
  hold_cap_reached: { when: 'more time, when every one of your holds in the event is already at HOLD_MAX_SECONDS after it was taken', detail: 'Your seats are held for as long as they can be (15 minutes from when you took them); reserve them before the time runs out.' },
  sales_closed: { when: 'lock, best available or reserve while the box office has closed the event\'s sales', detail: new SalesClosed('').detail },
  event_cancelled: { when: 'lock, best available or reserve in a cancelled event, or an admin change of a cancelled event', detail: new ShowCancelledError('').detail },
  forbidden_self_change: { when: 'an admin disabling their own account or dropping their own admin role', detail: 'You cannot disable your own account; ask another admin' },
  account_disabled: { when: 'login with the right password to an account the box office has disabled', detail: 'This account is disabled; contact the box office.' },
  username_taken: { when: 'a user with this name exists', detail: new UsernameTaken('alice').detail },
  idempotency_key_reused: { when: 'the Idempotency-Key was already used by you with a different body', detail: new IdempotencyKeyReused('').detail },
  rate_limited: {
    when:
      'too many failed logins for this username (LOGIN_MAX_FAILURES within 15 minutes) or from this address (LOGIN_MAX_FAILURES_PER_ADDRESS), or too many locks and unlocks by this user (LOCK_RATE_PER_SECOND, LOCK_RATE_PER_MINUTE); Retry-After says when to try again',
    detail: 'Too many failed logins for this username; try again in 15 minutes.',
  },
  payload_too_large: { when: 'the request body is over 64 KB', detail: 'The request body is too large (at most 64 KB).' },
  method_not_allowed: { when: 'the method is not allowed on this path', detail: 'This method is not allowed here.' },
  range_not_satisfiable: {
    when: 'a Range header outside a static file (the web app\'s and Swagger UI\'s files, which honour Range)',
    detail: 'The requested range is outside this file.',
  },
  header_too_large: {
    when: 'the request line and headers together exceed 16 KB (Node\'s limit), before any route is matched',
    detail: 'The request line or headers are too large.',
  },
  request_timeout: { when: 'the request was not received in full in time, before any route is matched', detail: 'The request took too long to arrive.' },
  unavailable: { when: 'a store is down or too busy; nothing was written and the client may retry', detail: 'The event store is unavailable right now; nothing was changed. Try again in a moment.' },
  internal_error: { when: 'an unexpected error; nothing was changed', detail: 'Something went wrong on our side; nothing was changed. Try again, and tell us if it keeps happening.' },
};
