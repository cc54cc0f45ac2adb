/** The sales figures as the OpenAPI document describes them (api.md `GET /api/admin/events/{eventId}/sales/`). */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { MONEY_PATTERN } from '@tessera/domain';
import type { SalesFigures } from './box-office.queries';

type CategoryFigures = SalesFigures['categories'][number];
type DayFigures = SalesFigures['daily'][number];

@ApiSchema({ name: 'CategorySales', description: 'A price category\'s seats in each state now.' })
export class CategorySalesSchema implements CategoryFigures {
  @ApiProperty({ type: String, example: 'premium' })
  key!: string;

  @ApiProperty({ type: 'integer', example: 120 })
  seats!: number;

  @ApiProperty({ type: 'integer', example: 80 })
  available!: number;

  @ApiProperty({ type: 'integer', example: 4 })
  locked!: number;

  @ApiProperty({ type: 'integer', example: 34 })
  reserved!: number;

  @ApiProperty({ type: 'integer', example: 2 })
  blocked!: number;

  @ApiProperty({ type: String, pattern: MONEY_PATTERN, description: 'What the reserved seats are sold for, in the event\'s currency.', example: '2720.00' })
  revenue!: string;
}

@ApiSchema({ name: 'DailySales', description: 'One UTC day of sales.' })
export class DailySalesSchema implements DayFigures {
  @ApiProperty({ type: String, format: 'date', example: '2026-12-22' })
  date!: string;

  @ApiProperty({ type: 'integer', description: 'Seats of reservations made that day.', example: 12 })
  reserved!: number;

  @ApiProperty({ type: 'integer', description: 'Seats that left reservations that day (cancellations, admin releases).', example: 2 })
  cancelled!: number;

  @ApiProperty({ type: String, description: 'Money taken that day net of refunds (may be negative).', example: '800.00' })
  revenue!: string;
}

@ApiSchema({ name: 'SalesFigures' })
export class SalesFiguresSchema implements SalesFigures {
  @ApiProperty({ type: [CategorySalesSchema] })
  categories!: CategorySalesSchema[];

  @ApiProperty({ type: [DailySalesSchema], description: 'Oldest day first; days without sales are left out.' })
  daily!: DailySalesSchema[];
}
