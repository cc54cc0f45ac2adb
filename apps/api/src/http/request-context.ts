/** Metadata of the events a request appends: who acted, and ids that tie a request's events together and to its log line. */
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../commands/decide-and-append';
import { requestRecordOf } from '../observability/http-observer';
import type { HttpRequest } from './http';
import type { SessionUser } from '../users/user-accounts';

export function commandContext(req: HttpRequest, user: SessionUser): CommandContext {
  // The request's id (http-observer.ts: the trusted proxy's X-Request-Id, or a fresh one) correlates its events.
  const requestId = requestRecordOf(req.raw)?.id ?? randomUUID();
  return { metadata: { userId: user.id, correlationId: requestId, causationId: requestId, requestId } };
}
