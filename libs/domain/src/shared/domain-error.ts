/**
 * Errors are values the domain names. Each `code` is the stable machine-readable reason of the
 * HTTP contract (api.md); the HTTP status for a code is chosen in one place, the API's exception
 * filter. `detail` is a sentence a person can act on.
 */
export type DomainErrorCode =
  | 'seat_unavailable'
  | 'not_lock_owner'
  | 'lock_expired'
  | 'seat_limit_reached'
  | 'already_cancelled'
  | 'username_taken'
  | 'not_found'
  | 'idempotency_key_reused'
  | 'validation_failed'
  | 'sales_closed'
  | 'event_cancelled'
  | 'forbidden_self_change'
  | 'account_disabled';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}
