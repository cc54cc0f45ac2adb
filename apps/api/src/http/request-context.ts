/** Metadata of the events a request appends: who acted, and ids that tie a request's events together. */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { CommandContext } from '../commands/decide-and-append';
import type { SessionUser } from '../users/user-accounts';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function commandContext(req: Request, user: SessionUser): CommandContext {
  const header = req.header('x-request-id');
  const correlationId = header && REQUEST_ID.test(header) ? header : randomUUID();
  return { metadata: { userId: user.id, correlationId, causationId: correlationId } };
}
