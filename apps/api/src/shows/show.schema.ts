/**
 * Events (shows, in code) as answers show them (api.md "Events and seats"); the controllers return
 * plain objects of these shapes. Schema names say "event", as the HTTP contract does.
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { MONEY_PATTERN, type SeatRow } from '@tessera/domain';
import type { RowDetail, ShowDetail, ShowSummary } from './show-queries';

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

  @ApiProperty({ type: String, pattern: MONEY_PATTERN, description: 'The lowest category price.', example: '45.00' })
  priceFrom!: string;

  @ApiProperty({ type: String, enum: ['scheduled', 'cancelled'], description: 'A cancelled event stays listed.', example: 'scheduled' })
  status!: 'scheduled' | 'cancelled';

  @ApiProperty({ type: Boolean, description: 'false while the box office has closed sales (and once cancelled).', example: true })
  salesOpen!: boolean;
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

@ApiSchema({ name: 'CategoryWithAvailability' })
export class CategorySchema {
  @ApiProperty({ type: String, example: 'premium' })
  key!: string;

  @ApiProperty({ type: String, description: 'In a simple-form event, the price itself.', example: 'Premium' })
  name!: string;

  @ApiProperty({ type: String, pattern: MONEY_PATTERN, example: '80.00' })
  price!: string;

  @ApiProperty({ type: 'integer', description: 'Seats of this category bookable now.', example: 40 })
  available!: number;
}

@ApiSchema({ name: 'LayoutRow' })
export class LayoutRowSchema implements RowDetail {
  @ApiProperty({ type: String, example: '1' })
  label!: string;

  @ApiProperty({ type: 'integer', example: 20 })
  seats!: number;

  @ApiProperty({ type: 'integer', description: 'The first seat\'s number.', example: 1 })
  firstNumber!: number;

  @ApiProperty({ type: String, description: 'A category\'s key.', example: 'premium' })
  category!: string;

  @ApiProperty({ type: 'integer', isArray: true, description: 'Seat numbers after which an aisle runs.', example: [5, 15] })
  aislesAfter!: number[];

  @ApiProperty({ type: 'integer', isArray: true, description: 'Seat numbers that are wheelchair places.', example: [1, 20] })
  accessible!: number[];
}

@ApiSchema({ name: 'Section' })
export class SectionSchema {
  @ApiProperty({ type: String, description: '`main` in a simple-form event.', example: 'stalls' })
  key!: string;

  @ApiProperty({ type: String, example: 'Stalls' })
  name!: string;

  @ApiProperty({ type: [LayoutRowSchema], description: 'Front (nearest the stage) first.' })
  rows!: LayoutRowSchema[];
}

@ApiSchema({ name: 'Event', description: 'An event with its layout (api.md "Venue layouts").' })
export class ShowSchema extends ShowSummarySchema implements ShowDetail {
  @ApiProperty({ type: [CategorySchema] })
  categories!: CategorySchema[];

  @ApiProperty({ type: [SectionSchema] })
  sections!: SectionSchema[];

  @ApiProperty({ type: [SeatRowSchema], required: false, description: 'Simple-form events only: the rows as given.' })
  rows?: SeatRowSchema[];
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
