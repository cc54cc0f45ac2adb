/** Bodies of the admin routes (api.md "Admin"): validated by class-validator, described by @ApiProperty. */
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { MONEY_PATTERN, ROLES, type Role } from '@tessera/domain';
import { USERNAME_PATTERN } from '../auth/auth.dto';
import { ClosedBody } from '../http/api-docs';

/** Row labels are capital letters, so a seat id (label + number) can never be read two ways. */
export const ROW_LABEL_PATTERN = /^[A-Z]{1,3}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

@ClosedBody('A row of seats: seats `{label}1` to `{label}{seats}`, all at one price.')
export class RowBody {
  @ApiProperty({ type: String, pattern: ROW_LABEL_PATTERN, description: '1 to 3 capital letters, unique within the event.', example: 'A' })
  @IsString({ message: 'label must be a string' })
  @Matches(ROW_LABEL_PATTERN, { message: 'label must be 1 to 3 capital letters, like "A" or "AB"' })
  label!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 200, example: 12 })
  @IsInt({ message: 'seats must be a whole number' })
  @Min(1, { message: 'seats must be at least 1' })
  @Max(200, { message: 'seats must be at most 200' })
  seats!: number;

  @ApiProperty({ type: String, pattern: MONEY_PATTERN, description: 'A decimal string with two places, in the event\'s currency.', example: '50.00' })
  @IsString({ message: 'price must be a decimal string such as "50.00"' })
  @Matches(MONEY_PATTERN, { message: 'price must be a decimal string with two places, such as "50.00"' })
  price!: string;
}

@ClosedBody('A new event and its seat map.')
export class CreateEventBody {
  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Concert XYZ' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Main Hall' })
  @IsString({ message: 'venue must be a string' })
  @Length(1, 200, { message: 'venue must be 1 to 200 characters' })
  venue!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'An ISO-8601 time in the future.', example: '2027-12-22T20:00:00.000Z' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO-8601 time such as "2026-12-22T20:00:00.000Z"' })
  startsAt!: string;

  @ApiProperty({ type: String, pattern: CURRENCY_PATTERN, description: 'An ISO 4217 code.', example: 'EUR' })
  @IsString({ message: 'currency must be a string' })
  @Matches(CURRENCY_PATTERN, { message: 'currency must be a three-letter ISO 4217 code such as "EUR"' })
  currency!: string;

  @ApiProperty({ type: [RowBody], minItems: 1, maxItems: 200, description: 'Row labels must be unique.' })
  @IsArray({ message: 'rows must be a list of rows' })
  @ArrayMinSize(1, { message: 'rows must hold at least one row' })
  @ArrayMaxSize(200, { message: 'rows must hold at most 200 rows' })
  @ValidateNested({ each: true })
  @Type(() => RowBody)
  rows!: RowBody[];
}

@ClosedBody('A new account with the given roles.')
export class CreateUserBody {
  @ApiProperty({ type: String, pattern: USERNAME_PATTERN, description: '3 to 32 letters, digits, dots, dashes or underscores; unique, whatever the case.', example: 'dave' })
  @IsString({ message: 'username must be a string' })
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 32 letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiProperty({ type: String, minLength: 8, maxLength: 1024, format: 'password', example: 'dave-secret-1' })
  @IsString({ message: 'password must be a string' })
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  password!: string;

  @ApiProperty({ type: String, enum: ROLES, isArray: true, minItems: 1, uniqueItems: true, description: 'Admins may do everything auditors may.', example: ['user'] })
  @IsArray({ message: 'roles must be a list of roles' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayUnique({ message: 'roles must not name a role twice' })
  @IsIn(ROLES as Role[], { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles!: Role[];
}
