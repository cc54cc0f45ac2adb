/** Body of POST /api/events/{eventId}/reserve/. The upper bound on seatIds is MAX_SEATS_PER_USER, checked by the controller. */
import { ArrayMinSize, ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length } from 'class-validator';

export class ReserveBody {
  @IsArray({ message: 'seatIds must be a list of seat ids' })
  @ArrayMinSize(1, { message: 'seatIds must name at least one seat' })
  @ArrayMaxSize(1000, { message: 'seatIds names too many seats' })
  @ArrayUnique({ message: 'seatIds must not name a seat twice' })
  @IsString({ each: true, message: 'each seat id must be a string' })
  @Length(1, 64, { each: true, message: 'each seat id must be 1 to 64 characters' })
  seatIds!: string[];

  @IsOptional()
  @IsIn(['card'], { message: 'paymentMethod must be "card" (no money moves in this system)' })
  paymentMethod?: 'card';
}
