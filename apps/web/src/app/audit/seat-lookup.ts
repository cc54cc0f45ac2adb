// A seat typed by its label ("a1") to the id the server gave it. Ids come from the server's answers;
// text that names no known seat is sent as typed, and the server's 404 says so.
import { Seat } from '../api/seats-api';

export function seatIdFor(seats: readonly Seat[], typed: string): string {
  const text = typed.trim();
  const upper = text.toUpperCase();
  return (seats.find((seat) => seat.id === text) ?? seats.find((seat) => seat.label.toUpperCase() === upper))?.id ?? text;
}

export function seatLabelOf(seats: readonly Seat[], seatId: string): string {
  return seats.find((seat) => seat.id === seatId)?.label ?? seatId;
}
