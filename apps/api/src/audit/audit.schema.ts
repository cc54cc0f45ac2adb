/** Answers of the audit routes as the OpenAPI document describes them; the controller returns plain objects of these shapes. */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Mismatch, VerifyReport } from '../projections/projection-runner';
import type { AuditEntry } from './audit-entry';

@ApiSchema({ name: 'AuditMetadata' })
export class AuditMetadataSchema {
  @ApiProperty({ type: String, description: 'The acting user\'s id, or "system" for the expiry sweeper and recovery.', example: '5b0d7f2a-8c1e-5e4b-9a3d-2f6c8e1b4a7d' })
  userId!: string;

  @ApiProperty({ type: String, example: '0d9c6f1e-2a3b-4c5d-8e7f-6a5b4c3d2e1f' })
  correlationId!: string;

  @ApiProperty({ type: String, example: '0d9c6f1e-2a3b-4c5d-8e7f-6a5b4c3d2e1f' })
  causationId!: string;

  @ApiProperty({ type: String, required: false, description: 'The HTTP request that appended the event (its X-Request-Id, also in the request\'s log line); absent for the system\'s own work.', example: '0d9c6f1e-2a3b-4c5d-8e7f-6a5b4c3d2e1f' })
  requestId?: string;

  @ApiProperty({ type: String, required: false, description: 'The span that appended the event (W3C traceparent), when tracing was on.', example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })
  traceparent?: string;
}

@ApiSchema({ name: 'AuditEntry', description: 'A recorded event; secrets (password hashes) are left out of `data`.' })
export class AuditEntrySchema implements AuditEntry {
  @ApiProperty({ type: String, description: 'Opaque position in the whole history.', example: '42-42' })
  position!: string;

  @ApiProperty({ type: String, example: 'seat-8e6b1c2d-3f4a-4b5c-9d6e-7f8a9b0c1d2e-A1' })
  stream!: string;

  @ApiProperty({ type: String, example: 'SeatLocked' })
  type!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event\'s data, as recorded.', example: { showId: '8e6b1c2d-3f4a-4b5c-9d6e-7f8a9b0c1d2e', seatId: 'A1', userId: '5b0d7f2a-8c1e-5e4b-9a3d-2f6c8e1b4a7d', username: 'alice', lockedAt: '2026-12-22T10:00:30.000Z', lockedUntil: '2026-12-22T10:05:30.000Z' } })
  data!: unknown;

  @ApiProperty({ type: AuditMetadataSchema })
  metadata!: AuditMetadataSchema;

  @ApiProperty({ type: String, format: 'date-time', example: '2026-12-22T10:00:30.000Z' })
  recordedAt!: string;
}

@ApiSchema({ name: 'AuditLog', description: 'A page of the whole history in commit order.' })
export class AuditLogSchema {
  @ApiProperty({ type: [AuditEntrySchema] })
  entries!: AuditEntrySchema[];

  @ApiProperty({ type: String, nullable: true, description: 'The `from` of the next page; null at the end.', example: '142-142' })
  next!: string | null;
}

@ApiSchema({ name: 'SeatHistory', description: 'One seat\'s stream, oldest first.' })
export class SeatHistorySchema {
  @ApiProperty({ type: [AuditEntrySchema] })
  entries!: AuditEntrySchema[];
}

@ApiSchema({ name: 'Mismatch' })
export class MismatchSchema implements Mismatch {
  @ApiProperty({ type: String, example: 'seats' })
  collection!: string;

  @ApiProperty({ type: String, example: '8e6b1c2d-3f4a-4b5c-9d6e-7f8a9b0c1d2e/A1' })
  id!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The document a replay of the history gives; null when it has none.' })
  expected!: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The live document; null when the live read model has none.' })
  actual!: unknown;
}

@ApiSchema({ name: 'VerifyReport' })
export class VerifyReportSchema implements VerifyReport {
  @ApiProperty({ type: Boolean, example: true })
  consistent!: boolean;

  @ApiProperty({ type: 'integer', example: 142 })
  eventsReplayed!: number;

  @ApiProperty({ type: [MismatchSchema], example: [] })
  mismatches!: MismatchSchema[];
}
