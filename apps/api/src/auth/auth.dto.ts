/** Bodies of login and registration (api.md "Session and CSRF"). */
import { IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{3,32}$/;

export class LoginBody {
  @IsString({ message: 'username must be a string' })
  @Length(1, 64, { message: 'username must be 1 to 64 characters' })
  username!: string;

  @IsString({ message: 'password must be a string' })
  @Length(1, 1024, { message: 'password must be 1 to 1024 characters' })
  password!: string;
}

export class RegisterBody {
  @IsString({ message: 'username must be a string' })
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 32 letters, digits, dots, dashes or underscores' })
  username!: string;

  @IsString({ message: 'password must be a string' })
  @MinLength(8, { message: 'password must be at least 8 characters' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  password!: string;
}
