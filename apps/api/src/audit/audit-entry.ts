/** Recorded events as auditors read them: positions as opaque strings, and never a password hash. */
import type { RecordedEvent } from '../event-store/event-store.port';
import { positionToString } from '../event-store/event-store.port';

export interface AuditEntry {
  position: string;
  stream: string;
  type: string;
  data: unknown;
  metadata: { userId: string; correlationId: string; causationId: string };
  recordedAt: string;
}

const SECRET_KEYS = new Set(['passwordHash', 'password']);

/** Drops secrets at any depth; an auditor sees that a user registered, not their hash. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEYS.has(k)).map(([k, v]) => [k, redact(v)]));
}

export const auditEntry = (e: RecordedEvent): AuditEntry => ({
  position: positionToString(e.position),
  stream: e.stream,
  type: e.type,
  data: redact(e.data),
  metadata: { userId: e.metadata.userId, correlationId: e.metadata.correlationId, causationId: e.metadata.causationId },
  recordedAt: e.recordedAt.toISOString(),
});
