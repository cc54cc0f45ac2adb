/** Bodies of the admin routes (api.md "Admin"): validated by class-validator, described by @ApiProperty. */
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { MONEY_PATTERN, ROLES, type Role } from '@tessera/domain';
import { USERNAME_PATTERN } from '../auth/auth.dto';
import { ClosedBody } from '../http/api-docs';

/** Row labels are capital letters, so a seat id (label + number) can never be read two ways. */
export const ROW_LABEL_PATTERN = /^[A-Z]{1,3}$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** Section and category keys (api.md "Venue layouts"). */
export const LAYOUT_KEY_PATTERN = /^[a-z0-9-]{1,16}$/;
/** A layout's row labels: numbers or letters; seat labels there are row-number ("1-5"). */
export const LAYOUT_ROW_LABEL_PATTERN = /^[A-Z0-9]{1,4}$/;

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

@ClosedBody('A price category: it may cut across rows and sections.')
export class CategoryBody {
  @ApiProperty({ type: String, pattern: LAYOUT_KEY_PATTERN, description: '1 to 16 of a-z, 0-9 and -, unique among the event\'s categories.', example: 'premium' })
  @IsString({ message: 'key must be a string' })
  @Matches(LAYOUT_KEY_PATTERN, { message: 'key must be 1 to 16 lower-case letters, digits or dashes, like "premium"' })
  key!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 60, example: 'Premium' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 60, { message: 'name must be 1 to 60 characters' })
  name!: string;

  @ApiProperty({ type: String, pattern: MONEY_PATTERN, description: 'A decimal string with two places, in the event\'s currency.', example: '80.00' })
  @IsString({ message: 'price must be a decimal string such as "80.00"' })
  @Matches(MONEY_PATTERN, { message: 'price must be a decimal string with two places, such as "80.00"' })
  price!: string;
}

@ClosedBody('A row of a section: seats numbered up from firstNumber, all in one category.')
export class LayoutRowBody {
  @ApiProperty({ type: String, pattern: LAYOUT_ROW_LABEL_PATTERN, description: '1 to 4 of A-Z and 0-9, unique within the section.', example: '1' })
  @IsString({ message: 'label must be a string' })
  @Matches(LAYOUT_ROW_LABEL_PATTERN, { message: 'label must be 1 to 4 capital letters or digits, like "1", "12" or "AA"' })
  label!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 200, example: 20 })
  @IsInt({ message: 'seats must be a whole number' })
  @Min(1, { message: 'seats must be at least 1' })
  @Max(200, { message: 'seats must be at most 200' })
  seats!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 9999, required: false, default: 1, description: 'The first seat\'s number; numbers run up from it.', example: 101 })
  @IsOptional()
  @IsInt({ message: 'firstNumber must be a whole number' })
  @Min(1, { message: 'firstNumber must be at least 1' })
  @Max(9999, { message: 'firstNumber must be at most 9999' })
  firstNumber?: number;

  @ApiProperty({ type: String, pattern: LAYOUT_KEY_PATTERN, description: 'The key of one of the event\'s categories.', example: 'premium' })
  @IsString({ message: 'category must be a category\'s key' })
  category!: string;

  @ApiProperty({ type: 'integer', isArray: true, required: false, maxItems: 199, description: 'Seat numbers of the row, other than its last, after which an aisle runs.', example: [5, 15] })
  @IsOptional()
  @IsArray({ message: 'aislesAfter must be a list of seat numbers' })
  @ArrayMaxSize(199, { message: 'aislesAfter must hold at most 199 seat numbers' })
  @IsInt({ each: true, message: 'each of aislesAfter must be a seat number' })
  aislesAfter?: number[];

  @ApiProperty({ type: 'integer', isArray: true, required: false, maxItems: 200, description: 'Seat numbers of the row that are wheelchair places.', example: [1, 20] })
  @IsOptional()
  @IsArray({ message: 'accessible must be a list of seat numbers' })
  @ArrayMaxSize(200, { message: 'accessible must hold at most 200 seat numbers' })
  @IsInt({ each: true, message: 'each of accessible must be a seat number' })
  accessible?: number[];
}

@ClosedBody('A section of the venue: rows front (nearest the stage) first.')
export class SectionBody {
  @ApiProperty({ type: String, pattern: LAYOUT_KEY_PATTERN, description: '1 to 16 of a-z, 0-9 and -, unique among the event\'s sections.', example: 'stalls' })
  @IsString({ message: 'key must be a string' })
  @Matches(LAYOUT_KEY_PATTERN, { message: 'key must be 1 to 16 lower-case letters, digits or dashes, like "stalls"' })
  key!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 60, example: 'Stalls' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 60, { message: 'name must be 1 to 60 characters' })
  name!: string;

  @ApiProperty({ type: [LayoutRowBody], minItems: 1, maxItems: 1000 })
  @IsArray({ message: 'rows must be a list of rows' })
  @ArrayMinSize(1, { message: 'rows must hold at least one row' })
  @ArrayMaxSize(1000, { message: 'rows must hold at most 1000 rows' })
  @ValidateNested({ each: true })
  @Type(() => LayoutRowBody)
  rows!: LayoutRowBody[];
}

@ClosedBody('A new event and its seat map: either `rows` (the simple form) or `sections` and `categories`.')
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

  @ApiProperty({ type: [RowBody], required: false, minItems: 1, maxItems: 200, description: 'The simple form (not with sections): row labels must be unique.' })
  @IsOptional()
  @IsArray({ message: 'rows must be a list of rows' })
  @ArrayMinSize(1, { message: 'rows must hold at least one row' })
  @ArrayMaxSize(200, { message: 'rows must hold at most 200 rows' })
  @ValidateNested({ each: true })
  @Type(() => RowBody)
  rows?: RowBody[];

  @ApiProperty({ type: [CategoryBody], required: false, minItems: 1, maxItems: 50, description: 'With sections: every category used by a row; keys unique.' })
  @IsOptional()
  @IsArray({ message: 'categories must be a list of categories' })
  @ArrayMinSize(1, { message: 'categories must hold at least one category' })
  @ArrayMaxSize(50, { message: 'categories must hold at most 50 categories' })
  @ValidateNested({ each: true })
  @Type(() => CategoryBody)
  categories?: CategoryBody[];

  @ApiProperty({ type: [SectionBody], required: false, minItems: 1, maxItems: 500, description: 'With categories: keys unique; at most 100,000 seats in all.' })
  @IsOptional()
  @IsArray({ message: 'sections must be a list of sections' })
  @ArrayMinSize(1, { message: 'sections must hold at least one section' })
  @ArrayMaxSize(500, { message: 'sections must hold at most 500 sections' })
  @ValidateNested({ each: true })
  @Type(() => SectionBody)
  sections?: SectionBody[];
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
