// Seat data as the API sends it, for specs.
import { Seat } from '../app/api/seats-api';
import { SeatRowSpec, ShowDetail } from '../app/api/shows-api';

/** A simple-form event as the API answers it: its rows, one section, a category per distinct price; on sale unless told. */
export function simpleShow(
  show: Omit<ShowDetail, 'rows' | 'sections' | 'categories' | 'priceFrom' | 'status' | 'salesOpen'> & Partial<Pick<ShowDetail, 'status' | 'salesOpen'>>,
  rows: readonly SeatRowSpec[],
): ShowDetail {
  const prices = [...new Set(rows.map((r) => r.price))];
  const key = (price: string) => `c${prices.indexOf(price) + 1}`;
  return {
    status: 'scheduled',
    salesOpen: true,
    ...show,
    priceFrom: [...prices].sort((a, b) => Number(a) - Number(b))[0] ?? '0.00',
    categories: prices.map((price) => ({ key: key(price), name: price, price, available: 0 })),
    sections: [{ key: 'main', name: 'Seats', rows: rows.map((r) => ({ label: r.label, seats: r.seats, firstNumber: 1, category: key(r.price), aislesAfter: [], accessible: [] })) }],
    rows,
  };
}

export function seat(label: string, overrides: Partial<Seat> = {}): Seat {
  const match = /^([A-Z]+)(\d+)$/.exec(label);
  if (!match) {
    throw new Error(`Not a seat label: ${label}`);
  }
  return {
    id: `seat-${label}`,
    label,
    section: 'main',
    row: match[1],
    number: Number(match[2]),
    category: 'c1',
    price: '50.00',
    accessible: false,
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
