/** Metadata of the events a request appends: who acted, and ids that tie a request's events together. */
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../commands/decide-and-append';
import type { HttpRequest } from './http';
import type { SessionUser } from '../users/user-accounts';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function commandContext(req: HttpRequest, user: SessionUser): CommandContext {
  const header = req.headers['x-request-id'];
  const correlationId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
  return { metadata: { userId: user.id, correlationId, causationId: correlationId } };
}
