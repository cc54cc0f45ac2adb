/**
 * A reservation refused because seats stood in the way: 409 with every conflicting seat listed
 * (api.md); the top-level code is the first conflict's.
 */
import { DomainError, type DomainErrorCode, type SeatConflict } from '@tessera/domain';

const SENTENCE: Record<SeatConflict['code'], (label: string) => string> = {
  seat_unavailable: (label) => `${label} was just taken by someone else`,
  not_lock_owner: (label) => `you do not hold ${label}`,
  lock_expired: (label) => `your hold on ${label} has expired`,
  not_found: (label) => `there is no seat ${label}`,
};

export class ReservationConflicts extends DomainError {
  constructor(readonly conflicts: SeatConflict[]) {
    const sentences = conflicts.map((c) => SENTENCE[c.code](c.label));
    const detail = `${sentences.join('; ')}. Nothing was reserved; pick your seats again.`;
    super(conflicts[0].code as DomainErrorCode, detail.charAt(0).toUpperCase() + detail.slice(1));
  }
}
