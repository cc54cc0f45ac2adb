/**
 * Body of POST /api/events/{eventId}/reserve/. The upper bound on seatIds is MAX_SEATS_PER_USER,
 * checked by the controller; the OpenAPI document states it with the configured value (openapi.ts).
 */
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ClosedBody } from '../../http/api-docs';

export const PAYMENT_METHODS = ['card'] as const;

@ClosedBody('Every seat must be locked by the caller with a live lock; all or nothing.')
export class ReserveBody {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: 64 },
    minItems: 1,
    maxItems: 1000,
    uniqueItems: true,
    description: 'Ids of seats you hold, 1 to MAX_SEATS_PER_USER of them, each once.',
    example: ['A1', 'A2'],
  })
  @IsArray({ message: 'seatIds must be a list of seat ids' })
  @ArrayMinSize(1, { message: 'seatIds must name at least one seat' })
  @ArrayMaxSize(1000, { message: 'seatIds names too many seats' })
  @ArrayUnique({ message: 'seatIds must not name a seat twice' })
  @IsString({ each: true, message: 'each seat id must be a string' })
  @Length(1, 64, { each: true, message: 'each seat id must be 1 to 64 characters' })
  seatIds!: string[];

  @ApiProperty({ type: String, enum: PAYMENT_METHODS, required: false, default: 'card', description: 'No money moves in this system.', example: 'card' })
  @IsOptional()
  @IsIn(PAYMENT_METHODS, { message: 'paymentMethod must be "card" (no money moves in this system)' })
  paymentMethod?: 'card';
}
