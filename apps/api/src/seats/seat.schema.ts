/** The seat and the seat grid as answers show them (api.md "Events and seats"); the controllers return plain objects of these shapes. */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { MONEY_PATTERN } from '@tessera/domain';
import type { SeatStatus } from '@tessera/projections';
import type { SeatView } from './seat-grid/seat-view';

const SEAT_STATUSES: SeatStatus[] = ['available', 'locked', 'reserved', 'blocked'];

@ApiSchema({ name: 'Seat', description: 'A lock whose lockedUntil has passed reads available.' })
export class SeatSchema implements SeatView {
  @ApiProperty({ type: String, description: 'Opaque id.', example: 'A1' })
  id!: string;

  @ApiProperty({ type: String, description: 'As a person says it within its section: "A1", or "1-5" in a layout event.', example: 'A1' })
  label!: string;

  @ApiProperty({ type: String, description: 'The section\'s key (`main` in a simple-form event).', example: 'main' })
  section!: string;

  @ApiProperty({ type: String, description: 'The row\'s label.', example: 'A' })
  row!: string;

  @ApiProperty({ type: 'integer', example: 1 })
  number!: number;

  @ApiProperty({ type: String, description: 'The price category\'s key.', example: 'c1' })
  category!: string;

  @ApiProperty({ type: String, pattern: MONEY_PATTERN, example: '50.00' })
  price!: string;

  @ApiProperty({ type: Boolean, description: 'A wheelchair place.', example: false })
  accessible!: boolean;

  @ApiProperty({ type: String, enum: SEAT_STATUSES, example: 'locked' })
  status!: SeatStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Username of the holder of a live lock; null for anonymous callers and seats not locked.', example: 'alice' })
  lockedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'End of the live lock; null unless locked.', example: '2026-12-22T10:05:30.000Z' })
  lockedUntil!: string | null;

  @ApiProperty({ type: Boolean, description: 'Locked or reserved by the caller.', example: true })
  mine!: boolean;
}

@ApiSchema({ name: 'SeatGrid' })
export class SeatGridSchema {
  @ApiProperty({ type: String, example: '8e6b1c2d-3f4a-4b5c-9d6e-7f8a9b0c1d2e' })
  eventId!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'The server\'s clock when the grid was read (or asOf, in time travel).', example: '2026-12-22T10:00:30.000Z' })
  serverTime!: string;

  @ApiProperty({ type: [SeatSchema] })
  seats!: SeatSchema[];
}

@ApiSchema({ name: 'SeatAnswer' })
export class SeatAnswerSchema {
  @ApiProperty({ type: SeatSchema })
  seat!: SeatSchema;
}
