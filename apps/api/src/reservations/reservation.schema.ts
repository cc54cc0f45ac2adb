/** Reservations as answers show them (api.md "Events and seats"); the controllers return plain objects of these shapes. */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { MONEY_PATTERN, ReservationNotFound } from '@tessera/domain';
import type { ProblemDoc } from '../http/problem.schema';
import { ReservationConflicts } from './reservation-conflicts';
import type { ReservationView } from './reservation-view';

@ApiSchema({ name: 'Reservation' })
export class ReservationSchema implements ReservationView {
  @ApiProperty({ type: String, description: 'Opaque id.', example: '3f2b8c1e-5d4a-4b7e-9c2f-1a6d8e0b7c55' })
  id!: string;

  @ApiProperty({ type: String, example: '8e6b1c2d-3f4a-4b5c-9d6e-7f8a9b0c1d2e' })
  eventId!: string;

  @ApiProperty({ type: String, example: 'Concert XYZ' })
  eventName!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the event starts, as it is now.', example: '2026-12-31T20:00:00.000Z' })
  eventStartsAt!: string;

  @ApiProperty({ type: String, description: 'The event\'s venue, as it is now.', example: 'Main Hall' })
  venue!: string;

  @ApiProperty({ type: [String], description: 'The seats it holds; an admin release takes a seat out.', example: ['A1', 'A2'] })
  seatIds!: string[];

  @ApiProperty({ type: [String], description: 'Their labels, in the same order.', example: ['A1', 'A2'] })
  seats!: string[];

  @ApiProperty({ type: String, pattern: MONEY_PATTERN, example: '100.00' })
  totalPrice!: string;

  @ApiProperty({ type: String, example: 'EUR' })
  currency!: string;

  @ApiProperty({ type: String, enum: ['confirmed', 'cancelled'], example: 'confirmed' })
  status!: 'confirmed' | 'cancelled';

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-22T10:02:11.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', required: false, description: 'Only once cancelled.', example: '2026-12-22T10:30:00.000Z' })
  cancelledAt?: string;

  @ApiProperty({ type: String, enum: ['owner', 'admin', 'organiser'], required: false, description: 'Only once cancelled: by its owner, by the box office on their behalf, or by the organiser with the event.', example: 'organiser' })
  cancelledBy?: 'owner' | 'admin' | 'organiser';

  @ApiProperty({ type: String, required: false, description: 'The box office\'s or organiser\'s reason, when they cancelled it.', example: 'The artist is ill' })
  reason?: string;
}

@ApiSchema({ name: 'BookedReservation', description: 'A reservation as the box office sees it: with its owner\'s username.' })
export class BookedReservationSchema extends ReservationSchema {
  @ApiProperty({ type: String, example: 'alice' })
  username!: string;
}

@ApiSchema({ name: 'ReservationSearchPage', description: 'Newest first; `next` is the `from` of the next page, null at the end.' })
export class ReservationSearchSchema {
  @ApiProperty({ type: [BookedReservationSchema] })
  reservations!: BookedReservationSchema[];

  @ApiProperty({ type: String, nullable: true, example: 'eyJ2IjoiMjAyNi0xMi0yMlQxMDowMjoxMS4wMDBaIiwiaSI6IjNmMmIifQ' })
  next!: string | null;
}

@ApiSchema({ name: 'ReservationAnswer' })
export class ReservationAnswerSchema {
  @ApiProperty({ type: ReservationSchema })
  reservation!: ReservationSchema;
}

@ApiSchema({ name: 'ReservationList', description: 'The caller\'s own, newest first, cancelled ones included.' })
export class ReservationListSchema {
  @ApiProperty({ type: [ReservationSchema] })
  reservations!: ReservationSchema[];
}

/** A refused reservation lists every seat that stood in the way; its examples, worded as the server words them. */
const refused = (code: 'seat_unavailable' | 'not_lock_owner' | 'lock_expired'): Omit<ProblemDoc, 'when'> => {
  const conflicts = [{ seatId: 'A1', label: 'A1', code }];
  return { detail: new ReservationConflicts(conflicts).detail, extensions: { conflicts } };
};

export const RESERVE_PROBLEM_EXAMPLES = {
  not_found: { detail: 'There is no seat A13 in this event.' },
  seat_unavailable: refused('seat_unavailable'),
  not_lock_owner: refused('not_lock_owner'),
  lock_expired: refused('lock_expired'),
};

/** Another user's reservation answers as an unknown one does. */
export const RESERVATION_PROBLEM_EXAMPLES = { not_found: { detail: new ReservationNotFound('3f2b8c1e-5d4a-4b7e-9c2f-1a6d8e0b7c55').detail } };
