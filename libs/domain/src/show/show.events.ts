/** Facts recorded in a show's stream (`show-{showId}`). A show's seats follow from its rows. */

export interface SeatRow {
  label: string;
  seats: number;
  /** Decimal string with two places, e.g. "50.00". */
  price: string;
}

export interface ShowScheduled {
  type: 'ShowScheduled';
  data: {
    showId: string;
    name: string;
    venue: string;
    startsAt: string;
    currency: string;
    rows: SeatRow[];
    scheduledAt: string;
  };
}

export type ShowEvent = ShowScheduled;

/** A seat's id is its label ("A1"): unique within a show, stable, readable in audit logs. */
export const seatIdOf = (row: string, number: number): string => `${row}${number}`;

export interface SeatLayoutEntry {
  seatId: string;
  label: string;
  row: string;
  number: number;
  price: string;
}

/** The seats a layout gives, rows in order, seats in order. */
export function seatsOf(rows: readonly SeatRow[]): SeatLayoutEntry[] {
  return rows.flatMap((row) =>
    Array.from({ length: row.seats }, (_, i) => {
      const seatId = seatIdOf(row.label, i + 1);
      return { seatId, label: seatId, row: row.label, number: i + 1, price: row.price };
    }),
  );
}
