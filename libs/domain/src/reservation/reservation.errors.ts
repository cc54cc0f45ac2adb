import { DomainError } from '../shared/domain-error';

/** Cancel of a reservation that is already cancelled (by its owner, or emptied by an admin). */
export class AlreadyCancelled extends DomainError {
  constructor(readonly reservationId: string, detail = `Reservation ${reservationId} is already cancelled`) {
    super('already_cancelled', detail);
  }
}

/**
 * No such reservation for this user. Another user's reservation gets the same answer, so an id
 * tells nobody that it exists.
 */
export class ReservationNotFound extends DomainError {
  constructor(readonly reservationId: string, detail = `You have no reservation ${reservationId}`) {
    super('not_found', detail);
  }
}

/** The Idempotency-Key already opened a reservation with a different request body. */
export class IdempotencyKeyReused extends DomainError {
  constructor(readonly reservationId: string, detail = 'This Idempotency-Key was already used with a different request; send a new key') {
    super('idempotency_key_reused', detail);
  }
}
