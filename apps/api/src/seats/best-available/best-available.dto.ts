/**
 * Body of POST /api/events/{eventId}/best-available/ (api.md "Best available and more time"). The
 * upper bound on `count` is MAX_SEATS_PER_USER and `category` and `section` must be the event's:
 * both checked by the handler, which knows them.
 */
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ClosedBody } from '../../http/api-docs';

@ClosedBody('The seats wanted; the server chooses and holds them, all or nothing.')
export class BestAvailableBody {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'How many seats, 1 to MAX_SEATS_PER_USER.', example: 2 })
  @IsInt({ message: 'count must be a whole number' })
  @Min(1, { message: 'count must be at least 1' })
  @Max(1000, { message: 'count is too large' })
  count!: number;

  @ApiProperty({ type: String, required: false, description: "Only seats of this price category (its key).", example: 'premium' })
  @IsOptional()
  @IsString({ message: "category must be a category's key" })
  @Length(1, 16, { message: "category must be a category's key" })
  category?: string;

  @ApiProperty({ type: String, required: false, description: 'Only seats of this section (its key).', example: 'stalls' })
  @IsOptional()
  @IsString({ message: "section must be a section's key" })
  @Length(1, 16, { message: "section must be a section's key" })
  section?: string;

  @ApiProperty({ type: 'integer', minimum: 0, required: false, default: 0, description: 'Exactly this many of the seats are wheelchair places; with 0 none are.', example: 0 })
  @IsOptional()
  @IsInt({ message: 'accessible must be a whole number' })
  @Min(0, { message: 'accessible must be 0 or more' })
  accessible?: number;

  @ApiProperty({ type: Boolean, required: false, default: false, description: 'When no seats together exist, the best seats apart.', example: false })
  @IsOptional()
  @IsBoolean({ message: 'allowSplit must be true or false' })
  allowSplit?: boolean;
}
