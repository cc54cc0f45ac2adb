/** Reading the audit side over HTTP, as an auditor's tool does (api.md "Audit"). */
import type { Client } from './client';

export interface AuditEntry {
  position: string;
  stream: string;
  type: string;
  data: any;
  metadata: { userId: string; correlationId: string; causationId: string };
  recordedAt: string;
}

/** Upper bound on pages read by `wholeLog`: a test history never gets near it. */
const MAX_PAGES = 1000;

/** The whole history, page by page (`from` = previous `next`), until `next` is null. */
export async function wholeLog(client: Client, limit = 1000): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let from: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = from === null ? `limit=${limit}` : `from=${encodeURIComponent(from)}&limit=${limit}`;
    const reply = await client.get(`/api/audit/log/?${query}`);
    if (reply.status !== 200) throw new Error(`audit log: ${reply.status} ${reply.text}`);
    entries.push(...reply.body.entries);
    from = reply.body.next;
    if (from === null) return entries;
  }
  throw new Error(`audit log: still not at the end after ${MAX_PAGES} pages`);
}

/** How many events the history holds. */
export const logLength = async (client: Client): Promise<number> => (await wholeLog(client)).length;

/** One seat's history as the audit route gives it. */
export async function seatHistory(client: Client, eventId: string, seatId: string): Promise<AuditEntry[]> {
  const reply = await client.get(`/api/audit/events/${eventId}/seats/${seatId}/history/`);
  if (reply.status !== 200) throw new Error(`seat history: ${reply.status} ${reply.text}`);
  return reply.body.entries;
}

/** The seat grid as of an instant, replayed from history. */
export async function gridAsOf(client: Client, eventId: string, asOf: string): Promise<any> {
  const reply = await client.get(`/api/audit/events/${eventId}/seats/?asOf=${encodeURIComponent(asOf)}`);
  if (reply.status !== 200) throw new Error(`grid as of ${asOf}: ${reply.status} ${reply.text}`);
  return reply.body;
}

/** The caller's own user id, as /api/me/ tells it. */
export async function idOf(client: Client): Promise<string> {
  const reply = await client.get('/api/me/');
  if (reply.status !== 200) throw new Error(`me: ${reply.status} ${reply.text}`);
  return reply.body.user.id;
}

/** Every key at any depth of a JSON value: to show that no answer carries a password or its hash. */
export function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)]);
}

/** Neither a key that names a password (or a bare hash or salt), nor a stored scrypt hash, anywhere in the answer. */
export function expectNoSecrets(reply: { text: string; body: unknown }): void {
  expect(keysDeep(reply.body).filter((k) => /password/i.test(k) || /^(hash|salt)$/i.test(k))).toEqual([]);
  expect(reply.text).not.toMatch(/scrypt\$/);
}
