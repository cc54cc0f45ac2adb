/** Bodies of the box office's routes (api.md "Admin", its Box office part). */
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '@tessera/domain';
import { ClosedBody } from '../../http/api-docs';

@ClosedBody('What changes about an event: only the fields given (at least one).')
export class ChangeEventBody {
  @ApiProperty({ type: String, minLength: 1, maxLength: 200, required: false, example: 'Concert XYZ (late show)' })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name?: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, required: false, example: 'Main Hall' })
  @IsOptional()
  @IsString({ message: 'venue must be a string' })
  @Length(1, 200, { message: 'venue must be 1 to 200 characters' })
  venue?: string;

  @ApiProperty({ type: String, format: 'date-time', required: false, description: 'An ISO-8601 time in the future (a postponement).', example: '2027-01-22T20:00:00.000Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO-8601 time such as "2027-01-22T20:00:00.000Z"' })
  startsAt?: string;
}

@ClosedBody('Open or close the event\'s sales.')
export class SalesBody {
  @ApiProperty({ type: Boolean, description: 'false closes sales (lock, best available and reserve answer 409 sales_closed); true reopens them.', example: false })
  @IsBoolean({ message: 'open must be true or false' })
  open!: boolean;
}

@ClosedBody('Why: kept in the history and shown to the customers concerned.')
export class ReasonBody {
  @ApiProperty({ type: String, minLength: 1, maxLength: 500, example: 'The artist is ill' })
  @IsString({ message: 'reason must be a string' })
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  reason!: string;
}

@ClosedBody('What changes about a user: only the fields given (at least one).')
export class ChangeUserBody {
  @ApiProperty({ type: String, enum: ROLES, isArray: true, minItems: 1, uniqueItems: true, required: false, description: 'The whole set of roles.', example: ['user', 'auditor'] })
  @IsOptional()
  @IsArray({ message: 'roles must be a list of roles' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayUnique({ message: 'roles must not name a role twice' })
  @IsIn(ROLES as Role[], { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles?: Role[];

  @ApiProperty({ type: Boolean, required: false, description: 'true ends the user\'s sessions and live locks at once and refuses their logins (403 account_disabled); false enables the account again.', example: true })
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;

  @ApiProperty({ type: String, minLength: 8, maxLength: 1024, format: 'password', required: false, description: 'A new password; the user\'s other sessions end.', example: 'new-secret-42' })
  @IsOptional()
  @IsString({ message: 'password must be a string' })
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  password?: string;
}
