/** One seat as a caller sees it at an instant: status at read time, `lockedBy` only for logged-in callers, `mine` for their own. */
import { seatStatus, type SeatDoc, type SeatStatus } from '@tessera/projections';

export interface SeatView {
  id: string;
  label: string;
  /** The section's key. */
  section: string;
  row: string;
  number: number;
  /** The price category's key. */
  category: string;
  price: string;
  /** A wheelchair place. */
  accessible: boolean;
  status: SeatStatus;
  lockedBy: string | null;
  lockedUntil: string | null;
  mine: boolean;
}

export function seatView(doc: SeatDoc, now: Date, viewerId: string | undefined): SeatView {
  const status = seatStatus(doc, now);
  const held = status !== 'available';
  return {
    id: doc.seatId,
    label: doc.label,
    section: doc.section,
    row: doc.row,
    number: doc.number,
    category: doc.category,
    price: doc.price,
    accessible: doc.accessible,
    status,
    lockedBy: status === 'locked' && viewerId !== undefined ? doc.holderName : null,
    lockedUntil: status === 'locked' ? doc.lockedUntil : null,
    mine: held && viewerId !== undefined && doc.holderId === viewerId,
  };
}
