/** Answers of the admin routes as the OpenAPI document describes them; the controller returns plain objects of these shapes. */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { UserDoc } from '@tessera/projections';
import { UserSchema } from '../auth/user.schema';
import type { RebuildStatus } from './rebuild/rebuild.service';

@ApiSchema({ name: 'UserAccount', description: 'A user as admins see it: never a password or a hash.' })
export class UserAccountSchema extends UserSchema implements UserDoc {
  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-01T10:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: Boolean, description: 'Disabled by the box office: cannot log in.', example: false })
  disabled!: boolean;
}

@ApiSchema({ name: 'UserAccountList', description: 'Oldest first.' })
export class UserAccountListSchema {
  @ApiProperty({ type: [UserAccountSchema] })
  users!: UserAccountSchema[];
}

@ApiSchema({ name: 'UserAccountAnswer' })
export class UserAccountAnswerSchema {
  @ApiProperty({ type: UserAccountSchema })
  user!: UserAccountSchema;
}

@ApiSchema({ name: 'RebuildStatus', description: 'The last or running rebuild of the read models.' })
export class RebuildStatusSchema implements RebuildStatus {
  @ApiProperty({ type: String, enum: ['idle', 'running', 'done', 'failed'], example: 'running' })
  status!: RebuildStatus['status'];

  @ApiProperty({ type: 'integer', example: 0 })
  eventsReplayed!: number;

  @ApiProperty({ type: Number, minimum: 0, maximum: 1, description: 'How far through the history the replay is.', example: 0 })
  progress!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-22T10:00:00.000Z' })
  startedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  finishedAt!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: null })
  eventsPerSecond!: number | null;
}

@ApiSchema({ name: 'RebuildAnswer' })
export class RebuildAnswerSchema {
  @ApiProperty({ type: RebuildStatusSchema })
  rebuild!: RebuildStatusSchema;
}
