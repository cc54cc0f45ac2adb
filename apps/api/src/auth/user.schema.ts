/** Answers of the session routes as the OpenAPI document describes them (the controllers return plain objects of these shapes). */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ROLES, type Role } from '@tessera/domain';
import type { SessionUser } from '../users/user-accounts';

@ApiSchema({ name: 'User', description: 'A user as answers show it: never a password or a hash.' })
export class UserSchema implements SessionUser {
  @ApiProperty({ type: String, format: 'uuid', description: 'Opaque id.', example: '5b0d7f2a-8c1e-5e4b-9a3d-2f6c8e1b4a7d' })
  id!: string;

  @ApiProperty({ type: String, example: 'alice' })
  username!: string;

  @ApiProperty({ type: String, enum: ROLES, isArray: true, example: ['user'] })
  roles!: Role[];
}

@ApiSchema({ name: 'UserAnswer' })
export class UserAnswerSchema {
  @ApiProperty({ type: UserSchema })
  user!: UserSchema;
}

@ApiSchema({ name: 'CsrfToken', description: 'The token also sits in the cookie XSRF-TOKEN; send it back in X-XSRF-TOKEN on every unsafe call.' })
export class CsrfTokenSchema {
  @ApiProperty({ type: String, example: 'a3f9c2e1d4b5…' })
  csrfToken!: string;
}
