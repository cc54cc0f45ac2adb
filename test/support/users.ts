/** Fresh users per test, so that one test's locks and reservations never weigh on another's. */
import type { Client } from './client';
import type { TestServer } from './server';

let counter = 0;

export const uniqueName = (prefix = 'user'): string => `${prefix}-${process.pid % 10000}-${++counter}`.slice(0, 32);

/** Registers a new user over HTTP (registration must be open) and returns the logged-in client. */
export async function newUser(server: TestServer, prefix = 'user'): Promise<{ client: Client; username: string; password: string }> {
  const client = server.client();
  const username = uniqueName(prefix);
  const password = `${username}-password`;
  await client.get('/api/csrf/');
  const reply = await client.post('/api/register/', { username, password });
  if (reply.status !== 201) throw new Error(`register ${username}: ${reply.status} ${reply.text}`);
  return { client, username, password };
}
