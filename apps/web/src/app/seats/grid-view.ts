// The seat map's view model, built once per change of the seats (not per second, not per seat
// timer). Seats whose description did not change keep their previous view object, so a poll
// that changes a handful of seats touches only those in the DOM.
import { formatMoney } from '../api/money';
import { Seat } from '../api/seats-api';
import { SeatRowSpec } from '../api/shows-api';
import { SeatState, seatDescription, seatState } from './seat-state';

export interface SeatView {
  readonly id: string;
  readonly label: string;
  readonly number: number;
  readonly state: SeatState;
  /** aria-label and tooltip: "Row A, seat 1, available, 50.00 EUR". */
  readonly description: string;
  readonly classes: string;
  /** Position in the map, for the arrow keys. */
  readonly rowIndex: number;
  readonly seatIndex: number;
}

export interface RowView {
  readonly label: string;
  readonly price: string;
  readonly seats: readonly SeatView[];
}

export interface GridView {
  readonly rows: readonly RowView[];
  readonly byId: ReadonlyMap<string, SeatView>;
}

export interface GridInput {
  readonly seats: readonly Seat[];
  /** Row labels in venue order; rows the seats name but this list lacks follow in order of appearance. */
  readonly rowOrder: readonly string[];
  readonly currency: string;
  readonly serverNowMs: number;
  readonly conflicts: ReadonlySet<string>;
}

const STATE_CLASS: Readonly<Record<SeatState, string>> = {
  available: 'seat seat--available',
  'held-by-me': 'seat seat--mine',
  'held-by-other': 'seat seat--other',
  reserved: 'seat seat--reserved',
  'reserved-by-me': 'seat seat--reserved-mine',
};

export function buildGridView(input: GridInput, previous?: GridView): GridView {
  const rows = groupByRow(input.seats, input.rowOrder);
  const byId = new Map<string, SeatView>();
  const rowViews: RowView[] = [];
  rows.forEach((seats, rowIndex) => {
    const previousRow = previous?.rows[rowIndex];
    let rowUnchanged = previousRow !== undefined && previousRow.seats.length === seats.length;
    const views = seats.map((seat, seatIndex) => {
      const view = seatView(seat, rowIndex, seatIndex, input, previous?.byId.get(seat.id));
      byId.set(seat.id, view);
      rowUnchanged = rowUnchanged && previousRow?.seats[seatIndex] === view;
      return view;
    });
    const label = seats[0].row;
    const price = rowPrice(seats, input.currency);
    rowViews.push(
      rowUnchanged && previousRow && previousRow.label === label && previousRow.price === price
        ? previousRow
        : { label, price, seats: views },
    );
  });
  return { rows: rowViews, byId };
}

function seatView(seat: Seat, rowIndex: number, seatIndex: number, input: GridInput, previous: SeatView | undefined): SeatView {
  const state = seatState(seat, input.serverNowMs);
  const description = seatDescription(seat, state, input.currency);
  const classes = input.conflicts.has(seat.id) ? `${STATE_CLASS[state]} seat--conflict` : STATE_CLASS[state];
  if (
    previous &&
    previous.description === description &&
    previous.classes === classes &&
    previous.rowIndex === rowIndex &&
    previous.seatIndex === seatIndex &&
    previous.label === seat.label
  ) {
    return previous;
  }
  return { id: seat.id, label: seat.label, number: seat.number, state, description, classes, rowIndex, seatIndex };
}

/** Seats grouped by row, rows in venue order, seats by number. */
export function groupByRow(seats: readonly Seat[], rowOrder: readonly string[]): Seat[][] {
  const byRow = new Map<string, Seat[]>();
  for (const label of rowOrder) {
    byRow.set(label, []);
  }
  for (const seat of seats) {
    let row = byRow.get(seat.row);
    if (!row) {
      row = [];
      byRow.set(seat.row, row);
    }
    row.push(seat);
  }
  const rows: Seat[][] = [];
  for (const row of byRow.values()) {
    if (row.length > 0) {
      rows.push(isSortedByNumber(row) ? row : [...row].sort((a, b) => a.number - b.number));
    }
  }
  return rows;
}

function isSortedByNumber(row: readonly Seat[]): boolean {
  for (let i = 1; i < row.length; i++) {
    if (row[i - 1].number > row[i].number) {
      return false;
    }
  }
  return true;
}

/** "50.00 EUR", or "40.00–60.00 EUR" for a row whose seats differ in price. */
function rowPrice(seats: readonly Seat[], currency: string): string {
  let low = seats[0].price;
  let high = seats[0].price;
  for (const seat of seats) {
    if (Number(seat.price) < Number(low)) {
      low = seat.price;
    }
    if (Number(seat.price) > Number(high)) {
      high = seat.price;
    }
  }
  return formatMoney(low === high ? low : `${low}–${high}`, currency);
}

export interface PriceBand {
  readonly rows: string;
  readonly price: string;
}

/** For the legend: "Rows A–J: 50.00 EUR", contiguous rows of one price grouped together. */
export function priceBands(rows: readonly SeatRowSpec[], currency: string): PriceBand[] {
  const bands: { first: string; last: string; price: string }[] = [];
  for (const row of rows) {
    const current = bands[bands.length - 1];
    if (current && current.price === row.price) {
      current.last = row.label;
    } else {
      bands.push({ first: row.label, last: row.label, price: row.price });
    }
  }
  return bands.map((band) => ({
    rows: band.first === band.last ? `Row ${band.first}` : `Rows ${band.first}–${band.last}`,
    price: formatMoney(band.price, currency),
  }));
}
