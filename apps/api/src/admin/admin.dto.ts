/** Bodies of the admin routes (api.md "Admin"). */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsString, Length, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { MONEY_PATTERN, ROLES, type Role } from '@tessera/domain';
import { USERNAME_PATTERN } from '../auth/auth.dto';

/** Row labels are capital letters, so a seat id (label + number) can never be read two ways. */
export const ROW_LABEL_PATTERN = /^[A-Z]{1,3}$/;

export class RowBody {
  @IsString({ message: 'label must be a string' })
  @Matches(ROW_LABEL_PATTERN, { message: 'label must be 1 to 3 capital letters, like "A" or "AB"' })
  label!: string;

  @IsInt({ message: 'seats must be a whole number' })
  @Min(1, { message: 'seats must be at least 1' })
  @Max(200, { message: 'seats must be at most 200' })
  seats!: number;

  @IsString({ message: 'price must be a decimal string such as "50.00"' })
  @Matches(MONEY_PATTERN, { message: 'price must be a decimal string with two places, such as "50.00"' })
  price!: string;
}

export class CreateEventBody {
  @IsString({ message: 'name must be a string' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @IsString({ message: 'venue must be a string' })
  @Length(1, 200, { message: 'venue must be 1 to 200 characters' })
  venue!: string;

  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO-8601 time such as "2026-12-22T20:00:00.000Z"' })
  startsAt!: string;

  @IsString({ message: 'currency must be a string' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code such as "EUR"' })
  currency!: string;

  @IsArray({ message: 'rows must be a list of rows' })
  @ArrayMinSize(1, { message: 'rows must hold at least one row' })
  @ArrayMaxSize(200, { message: 'rows must hold at most 200 rows' })
  @ValidateNested({ each: true })
  @Type(() => RowBody)
  rows!: RowBody[];
}

export class CreateUserBody {
  @IsString({ message: 'username must be a string' })
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 32 letters, digits, dots, dashes or underscores' })
  username!: string;

  @IsString({ message: 'password must be a string' })
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  password!: string;

  @IsArray({ message: 'roles must be a list of roles' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayUnique({ message: 'roles must not name a role twice' })
  @IsIn(ROLES as Role[], { each: true, message: `each role must be one of ${ROLES.join(', ')}` })
  roles!: Role[];
}
