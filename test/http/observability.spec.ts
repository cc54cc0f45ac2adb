/**
 * What an operator sees (issue 19, api.md "Operations", docs/observability.md): `/metrics` scraped
 * before and after a scripted flow (a lock, a refused lock, a reservation, the projection that
 * follows) with every counter moved by exactly what the flow did; the metrics' token; the request
 * id on every answer and in the events a request appends; and, in production mode, one JSON log
 * line per request with its id, user, route, status and time, and no password, cookie or token.
 */
import pino from 'pino';
import { createLogger } from '../../apps/api/src/observability/logger';
import { wholeLog } from '../support/audit';
import { expectProblem } from '../support/problem';
import { lockAndReserve } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser } from '../support/users';

/** One sample of the text format: `name{label="value",...} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with this name and at least these labels (0 when absent). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value ?? 0;
}

const LOCK = '/api/events/:eventId/seats/:seatId/lock';

describe('metrics', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const scrape = async (): Promise<Sample[]> => {
    const reply = await server.client().get('/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseMetrics(reply.text);
  };

  it('counts a lock, a refused lock, a reservation and the projection of what they appended', async () => {
    const eventId = await server.eventId();
    const alice = await newUser(server, 'metrics-a');
    const bob = await newUser(server, 'metrics-b');
    const before = await scrape();

    expect((await alice.client.post(`/api/events/${eventId}/seats/F1/lock/`)).status).toBe(200);
    expectProblem(await bob.client.post(`/api/events/${eventId}/seats/F1/lock/`), 409, 'seat_unavailable');
    await lockAndReserve(alice.client, eventId, ['F5', 'F6']);
    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}) => valueOf(after, name, labels) - valueOf(before, name, labels);

    // HTTP: by route template, method and status (the histogram's count).
    expect(moved('tessera_http_request_duration_seconds_count', { route: LOCK, method: 'POST', status: '200' })).toBe(3);
    expect(moved('tessera_http_request_duration_seconds_count', { route: LOCK, method: 'POST', status: '409' })).toBe(1);
    expect(moved('tessera_http_request_duration_seconds_count', { route: '/api/events/:eventId/reserve', method: 'POST', status: '201' })).toBe(1);
    // Commands: by type and outcome, the refusal under its problem code.
    expect(moved('tessera_commands_total', { command: 'LockSeat', outcome: 'ok' })).toBe(3);
    expect(moved('tessera_commands_total', { command: 'LockSeat', outcome: 'seat_unavailable' })).toBe(1);
    expect(moved('tessera_commands_total', { command: 'RequestReservation', outcome: 'ok' })).toBe(1);
    expect(moved('tessera_commands_total', { command: 'ReserveSeat', outcome: 'ok' })).toBe(2);
    expect(moved('tessera_commands_total', { command: 'ConfirmReservation', outcome: 'ok' })).toBe(1);
    // Appends: 3 locks, the request, 2 seats reserved, the confirmation; the refused lock appended nothing.
    expect(moved('tessera_event_store_appends_total', { outcome: 'ok' })).toBe(7);
    expect(moved('tessera_event_store_append_duration_seconds_count')).toBe(7);
    // The projection applied them (each request waited for it: read-your-writes).
    expect(moved('tessera_projection_events_total', { projection: 'read-models' })).toBeGreaterThanOrEqual(7);
    expect(moved('tessera_projection_position', { projection: 'read-models' })).toBeGreaterThan(0);
    expect(moved('tessera_read_your_writes_wait_seconds_count')).toBe(4); // the 3 locks and the reservation; the refusal wrote nothing to wait for
    expect(moved('tessera_read_your_writes_timeouts_total')).toBe(0);
    expect(valueOf(after, 'tessera_projection_lag_seconds', { projection: 'read-models' })).toBeGreaterThanOrEqual(0);
    // State read at the scrape: F1 is the one live lock of the demo data (F5 and F6 are reserved).
    expect(valueOf(after, 'tessera_live_locks')).toBe(valueOf(before, 'tessera_live_locks') + 1);
    expect(valueOf(after, 'tessera_sessions')).toBeGreaterThanOrEqual(2);
    expect(valueOf(after, 'tessera_store_up', { store: 'event' })).toBe(1);
    expect(valueOf(after, 'tessera_store_up', { store: 'read' })).toBe(1);
    // The library's defaults, every series labelled with the process role.
    expect(valueOf(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(after.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    expect(after.every((s) => s.labels.role === 'all')).toBe(true);
  });

  it('counts a lock that runs out: the live locks gauge follows the clock', async () => {
    const eventId = await server.eventId();
    const { client } = await newUser(server, 'metrics-c');
    const before = valueOf(await scrape(), 'tessera_live_locks');
    expect((await client.post(`/api/events/${eventId}/seats/G1/lock/`)).status).toBe(200);
    expect(valueOf(await scrape(), 'tessera_live_locks')).toBe(before + 1);
    server.clock.advance(server.config.seatLockSeconds + 1);
    expect(valueOf(await scrape(), 'tessera_live_locks')).toBe(0);
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ METRICS_TOKEN: 'scrape-me-please' });
  });
  afterAll(() => server.close());

  it('answers 401 problem+json without the token or with another, and the metrics with it', async () => {
    const none = await server.client().get('/metrics');
    expectProblem(none, 401, 'unauthenticated');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectProblem(await server.client().get('/metrics', { Authorization: 'Bearer scrape-me-not' }), 401, 'unauthenticated');
    expectProblem(await server.client().get('/metrics', { Authorization: 'scrape-me-please' }), 401, 'unauthenticated');
    // A logged-in admin is not a scraper: the token is the only key.
    expectProblem(await (await server.as('admin')).get('/metrics'), 401, 'unauthenticated');
    const ok = await server.client().get('/metrics', { Authorization: 'Bearer scrape-me-please' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('tessera_http_request_duration_seconds_count');
  });
});

describe('request ids', () => {
  it('gives every answer an id of its own, ignores a client\'s X-Request-Id, and records the id in the events the request appends', async () => {
    const server = await startServer();
    try {
      const eventId = await server.eventId();
      const { client } = await newUser(server, 'rid');
      const lock = await client.post(`/api/events/${eventId}/seats/H1/lock/`, undefined, { 'X-Request-Id': 'chosen-by-the-client-1' });
      expect(lock.status).toBe(200);
      const id = lock.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/); // not the client's: no proxy is trusted
      for (const reply of [await client.get('/api/events/'), await client.get('/no-such-page'), await server.client().get('/metrics')]) {
        expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      }
      const log = await wholeLog(await server.as('auditor'));
      const locked = log.filter((e) => e.type === 'SeatLocked' && e.stream.endsWith('-H1'));
      expect(locked).toHaveLength(1);
      expect(locked[0].metadata).toMatchObject({ requestId: id, correlationId: id });
    } finally {
      await server.close();
    }
  });

  it('keeps the X-Request-Id of a trusted proxy (TRUST_PROXY set) and refuses one that could forge a log line', async () => {
    const server = await startServer({ TRUST_PROXY: '1' });
    try {
      const eventId = await server.eventId();
      const { client } = await newUser(server, 'rid-proxy');
      const lock = await client.post(`/api/events/${eventId}/seats/H2/lock/`, undefined, { 'X-Request-Id': 'nginx-5f2c9a7e01' });
      expect(lock.headers.get('x-request-id')).toBe('nginx-5f2c9a7e01');
      const forged = await client.get('/api/events/', { 'X-Request-Id': 'x" level="error' });
      expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const log = await wholeLog(await server.as('auditor'));
      expect(log.find((e) => e.type === 'SeatLocked' && e.stream.endsWith('-H2'))!.metadata).toMatchObject({ requestId: 'nginx-5f2c9a7e01' });
    } finally {
      await server.close();
    }
  });
});

describe('the request log in production', () => {
  it('writes one JSON line per request with its id, user, route, status and time, and never a password, cookie or token', async () => {
    const lines: string[] = [];
    const env = { NODE_ENV: 'production', SESSION_SECRET: 'log-test-secret', COOKIE_SECURE: 'false' };
    const { loadConfig } = await import('../../apps/api/src/config/config');
    expect(loadConfig({ ...env, DATA_DIR: '/tmp' }).logFormat).toBe('json'); // what production writes by default
    const log = createLogger({ logLevel: 'info', logFormat: 'json', processRole: 'all' }, { write: (line: string) => void lines.push(line) } as pino.DestinationStream);
    const server = await startServer(env, { log });
    try {
      const eventId = await server.eventId();
      const wrong = 'a-wrong-password-77';
      const { client, username, password } = await newUser(server, 'logged');
      await client.post('/api/logout/');
      await expect(client.login(username, wrong)).rejects.toThrow(/401/); // a wrong one first: it must not be logged either
      const mine = await server.client().login(username, password);
      const lock = await mine.post(`/api/events/${eventId}/seats/J9/lock/`);
      expect(lock.status).toBe(200);
      const me = (await mine.get('/api/me/')).body.user;

      const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const requests = records.filter((r) => r.msg === 'request');
      const line = requests.find((r) => r.reqId === lock.headers.get('x-request-id'));
      expect(line).toEqual({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        pid: expect.any(Number),
        hostname: expect.any(String),
        role: 'all',
        reqId: lock.headers.get('x-request-id'),
        userId: me.id,
        method: 'POST',
        route: LOCK,
        path: `/api/events/${eventId}/seats/J9/lock/`,
        status: 200,
        ms: expect.any(Number),
        msg: 'request',
      });
      // One line per request: each request id once.
      const ids = requests.map((r) => r.reqId);
      expect(new Set(ids).size).toBe(ids.length);
      // Nothing secret in any line: passwords, the session cookie, the CSRF token, the session secret.
      const all = lines.join('\n');
      for (const secret of [password, wrong, mine.cookies.get('tessera.sid')!, mine.cookies.get('XSRF-TOKEN')!, 'log-test-secret']) {
        expect(secret).toBeTruthy();
        expect(all).not.toContain(decodeURIComponent(secret));
      }
      expect(all).not.toMatch(/cookie|authorization|x-xsrf-token/i);
    } finally {
      await server.close();
    }
  });
});
