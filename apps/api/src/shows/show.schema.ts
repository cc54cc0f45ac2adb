/**
 * Events (shows, in code) as answers show them (api.md "Events and seats"); the controllers return
 * plain objects of these shapes. Schema names say "event", as the HTTP contract does.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { MONEY_PATTERN, type SeatRow } from '@tessera/domain';
import type { ShowSummary } from './show-queries';

@ApiSchema({ name: 'EventSummary' })
export class ShowSummarySchema implements ShowSummary {
  @ApiProperty({ type: String, description: 'Opaque id.', example: '8e6b1c2d-3f4a-4b5c-9d6e-7f8a9b0c1d2e' })
  id!: string;

  @ApiProperty({ type: String, example: 'Concert XYZ' })
  name!: string;

  @ApiProperty({ type: String, example: 'Main Hall' })
  venue!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-31T20:00:00.000Z' })
  startsAt!: string;

  @ApiProperty({ type: String, description: 'ISO 4217 code of every price in the event.', example: 'EUR' })
  currency!: string;

  @ApiProperty({ type: 'integer', example: 120 })
  seatCount!: number;

  @ApiProperty({ type: 'integer', description: 'Seats neither reserved nor under a live lock.', example: 118 })
  availableCount!: number;
}

@ApiSchema({ name: 'Row' })
export class SeatRowSchema implements SeatRow {
  @ApiProperty({ type: String, example: 'A' })
  label!: string;

  @ApiProperty({ type: 'integer', example: 12 })
  seats!: number;

  @ApiProperty({ type: String, pattern: MONEY_PATTERN, example: '50.00' })
  price!: string;
}

@ApiSchema({ name: 'Event' })
export class ShowSchema extends ShowSummarySchema {
  @ApiProperty({ type: [SeatRowSchema] })
  rows!: SeatRowSchema[];
}

@ApiSchema({ name: 'EventList', description: 'Soonest first.' })
export class ShowListSchema {
  @ApiProperty({ type: [ShowSummarySchema] })
  events!: ShowSummarySchema[];
}

@ApiSchema({ name: 'EventAnswer' })
export class ShowAnswerSchema {
  @ApiProperty({ type: ShowSchema })
  event!: ShowSchema;
}
