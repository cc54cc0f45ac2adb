/** Recorded events as auditors read them: positions as opaque strings, and never a password hash. */
import type { RecordedEvent } from '../event-store/event-store.port';
import { positionToString } from '../event-store/event-store.port';

export interface AuditEntry {
  position: string;
  stream: string;
  type: string;
  data: unknown;
  /**
   * `requestId`: the HTTP request that appended it (its X-Request-Id), absent for the system's own
   * work; `traceparent`: the span that appended it, when tracing was on (docs/observability.md).
   */
  metadata: { userId: string; correlationId: string; causationId: string; requestId?: string; traceparent?: string };
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
  metadata: {
    userId: e.metadata.userId,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId,
    ...(e.metadata.requestId === undefined ? {} : { requestId: e.metadata.requestId }),
    ...(e.metadata.traceparent === undefined ? {} : { traceparent: e.metadata.traceparent }),
  },
  recordedAt: e.recordedAt.toISOString(),
});
