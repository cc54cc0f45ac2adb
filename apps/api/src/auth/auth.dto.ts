/** Bodies of login and registration (api.md "Session and CSRF"): validated by class-validator, described by @ApiProperty. */
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { ClosedBody } from '../http/api-docs';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{3,32}$/;

@ClosedBody('Demo users: alice/alice123, bob/bob123, admin/admin123, auditor/auditor123.')
export class LoginBody {
  @ApiProperty({ type: String, minLength: 1, maxLength: 64, example: 'alice' })
  @IsString({ message: 'username must be a string' })
  @Length(1, 64, { message: 'username must be 1 to 64 characters' })
  username!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 1024, format: 'password', example: 'alice123' })
  @IsString({ message: 'password must be a string' })
  @Length(1, 1024, { message: 'password must be 1 to 1024 characters' })
  password!: string;
}

@ClosedBody()
export class RegisterBody {
  @ApiProperty({ type: String, pattern: USERNAME_PATTERN, description: '3 to 32 letters, digits, dots, dashes or underscores; unique, whatever the case.', example: 'carol' })
  @IsString({ message: 'username must be a string' })
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 32 letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiProperty({ type: String, minLength: 8, maxLength: 1024, format: 'password', example: 'carol-secret-1' })
  @IsString({ message: 'password must be a string' })
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  password!: string;
}
