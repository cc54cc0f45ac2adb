/** Reading and writing seats over HTTP, as a client does. */
import type { Client } from './client';

export interface Seat {
  id: string;
  label: string;
  row: string;
  number: number;
  price: string;
  status: 'available' | 'locked' | 'reserved';
  lockedBy: string | null;
  lockedUntil: string | null;
  mine: boolean;
}

export async function grid(client: Client, eventId: string): Promise<Seat[]> {
  const reply = await client.get(`/api/events/${eventId}/seats/`);
  if (reply.status !== 200) throw new Error(`seat grid: ${reply.status} ${reply.text}`);
  return reply.body.seats;
}

/** One seat as this client sees it in the grid. */
export async function seatOf(client: Client, eventId: string, seatId: string): Promise<Seat> {
  const seat = (await grid(client, eventId)).find((s) => s.id === seatId);
  if (!seat) throw new Error(`no seat ${seatId} in the grid`);
  return seat;
}

/** Several seats as this client sees them, keyed by id. */
export async function seatsOf(client: Client, eventId: string, seatIds: string[]): Promise<Record<string, Seat>> {
  const all = await grid(client, eventId);
  return Object.fromEntries(seatIds.map((id) => [id, all.find((s) => s.id === id)!]));
}

export const lock = (client: Client, eventId: string, seatId: string) => client.post(`/api/events/${eventId}/seats/${seatId}/lock/`);
export const unlock = (client: Client, eventId: string, seatId: string) => client.post(`/api/events/${eventId}/seats/${seatId}/unlock/`);
export const reserve = (client: Client, eventId: string, body: unknown, headers: Record<string, string> = {}) =>
  client.post(`/api/events/${eventId}/reserve/`, body, headers);

/** Locks every seat or throws: the set-up of a test, not what it checks. */
export async function lockAll(client: Client, eventId: string, seatIds: string[]): Promise<void> {
  for (const seatId of seatIds) {
    const reply = await lock(client, eventId, seatId);
    if (reply.status !== 200) throw new Error(`lock ${seatId}: ${reply.status} ${reply.text}`);
  }
}

/** Locks the seats and reserves them; returns the reservation. */
export async function lockAndReserve(client: Client, eventId: string, seatIds: string[]): Promise<any> {
  await lockAll(client, eventId, seatIds);
  const reply = await reserve(client, eventId, { seatIds });
  if (reply.status !== 201) throw new Error(`reserve ${seatIds.join(',')}: ${reply.status} ${reply.text}`);
  return reply.body.reservation;
}
