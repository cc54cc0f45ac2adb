// Seat data as the API sends it, for specs.
import { Seat } from '../app/api/seats-api';

export function seat(label: string, overrides: Partial<Seat> = {}): Seat {
  const match = /^([A-Z]+)(\d+)$/.exec(label);
  if (!match) {
    throw new Error(`Not a seat label: ${label}`);
  }
  return {
    id: `seat-${label}`,
    label,
    row: match[1],
    number: Number(match[2]),
    price: '50.00',
    status: 'available',
    lockedBy: null,
    lockedUntil: null,
    mine: false,
    ...overrides,
  };
}

export function lockedSeat(label: string, lockedBy: string | null, lockedUntil: string, mine = false): Seat {
  return seat(label, { status: 'locked', lockedBy, lockedUntil, mine });
}

/** rows x seatsPerRow seats, labelled A1, A2, ..., all available. */
export function seatBlock(rows: string[], seatsPerRow: number): Seat[] {
  return rows.flatMap((row) => Array.from({ length: seatsPerRow }, (_, i) => seat(`${row}${i + 1}`)));
}
