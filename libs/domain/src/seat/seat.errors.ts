import { DomainError } from '../shared/domain-error';

/** Lock of a seat that someone else holds with a live lock, or that belongs to a reservation. */
export class SeatUnavailable extends DomainError {
  constructor(readonly seatId: string, detail = `Seat ${seatId} was just taken by someone else`) {
    super('seat_unavailable', detail);
  }
}

/** Unlock or reserve of a seat on which the caller holds no live lock. */
export class NotLockOwner extends DomainError {
  constructor(readonly seatId: string, detail = `You do not hold seat ${seatId}; lock it first`) {
    super('not_lock_owner', detail);
  }
}

/** Reserve of a seat whose last lock was the caller's and has expired, with no lock since. */
export class LockExpired extends DomainError {
  constructor(readonly seatId: string, detail = `Your hold on seat ${seatId} has expired; lock it again`) {
    super('lock_expired', detail);
  }
}

/** A lock that would give the user more than the allowed live locks in one show. */
export class SeatLimitReached extends DomainError {
  constructor(readonly limit: number, detail = `You can hold at most ${limit} seats in this event; reserve or release some first`) {
    super('seat_limit_reached', detail);
  }
}
