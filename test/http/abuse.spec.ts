/**
 * Issue 6, abuse: failed logins limited per client address (as well as per username, see
 * session-and-csrf.spec.ts), the client address taken from X-Forwarded-For only behind a trusted
 * proxy, locks and unlocks limited per user, the request body size limited, the session id renewed
 * at login, Secure cookies behind HTTPS, and the security headers (docs/security.md).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../apps/api/src/config/config';
import { Client, type Reply } from '../support/client';
import { storeDown } from '../support/faults';
import { expectProblem } from '../support/problem';
import { grid, lock, unlock } from '../support/seats';
import { startServer, type TestServer } from '../support/server';
import { newUser, uniqueName } from '../support/users';

/** A client whose every request says it came through a proxy, from this address, over this protocol. */
class ProxiedClient extends Client {
  constructor(
    baseUrl: string,
    private readonly forwarded: Record<string, string>,
  ) {
    super(baseUrl);
  }

  override request<T = any>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Reply<T>> {
    return super.request<T>(method, path, body, { ...this.forwarded, ...extra });
  }
}

const fromAddress = (server: TestServer, address: string) => new ProxiedClient(server.url, { 'X-Forwarded-For': address });

const login = (client: Client, username: string, password: string) => client.post('/api/login/', { username, password });

const setCookie = (reply: Reply, name: string): string | undefined => reply.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectRateLimited(reply: Reply, maxSeconds: number): number {
  expectProblem(reply, 429, 'rate_limited');
  const retryAfter = Number(reply.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
  return retryAfter;
}

describe('configuration of the limits', () => {
  it('defaults to 50 failed logins per address, 20 locks and unlocks per user per second and 300 per minute', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/tessera-abuse-config' });
    expect({ perAddress: config.loginMaxFailuresPerAddress, perSecond: config.lockRatePerSecond, perMinute: config.lockRatePerMinute }).toEqual({
      perAddress: 50,
      perSecond: 20,
      perMinute: 300,
    });
  });

  it('refuses a limit that is not a whole number of at least 1, naming the variable', () => {
    for (const name of ['LOGIN_MAX_FAILURES_PER_ADDRESS', 'LOCK_RATE_PER_SECOND', 'LOCK_RATE_PER_MINUTE']) {
      for (const value of ['0', '-1', '2.5', 'many']) {
        expect(() => loadConfig({ DATA_DIR: '/tmp/tessera-abuse-config', [name]: value })).toThrow(ConfigError);
        expect(() => loadConfig({ DATA_DIR: '/tmp/tessera-abuse-config', [name]: value })).toThrow(name);
      }
    }
  });
});

describe('failed logins per client address behind a trusted proxy (TRUST_PROXY=1, LOGIN_MAX_FAILURES_PER_ADDRESS=3)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES: '100' });
  });
  afterAll(() => server.close());

  it('refuses every login from an address after 3 failures on 3 usernames, the right password included, with 429 and Retry-After', async () => {
    const client = fromAddress(server, '203.0.113.10');
    await client.get('/api/csrf/');
    for (const name of [uniqueName('nobody'), uniqueName('nobody'), 'bob']) expectProblem(await login(client, name, 'wrong-password'), 401, 'invalid_credentials');
    const limited = await login(client, 'alice', 'alice123');
    expectRateLimited(limited, 15 * 60);
    expect(limited.body.detail).toMatch(/address/);
    expectProblem(await client.get('/api/me/'), 401, 'unauthenticated');
  });

  it('takes the address from X-Forwarded-For: another address still logs in while one is refused', async () => {
    const blocked = fromAddress(server, '203.0.113.11');
    await blocked.get('/api/csrf/');
    for (let i = 0; i < 3; i++) await login(blocked, uniqueName('nobody'), 'wrong-password');
    expectRateLimited(await login(blocked, 'alice', 'alice123'), 15 * 60);
    const other = fromAddress(server, '198.51.100.20');
    await other.get('/api/csrf/');
    expect((await login(other, 'alice', 'alice123')).status).toBe(200);
  });

  it('counts an IPv6 /64 as one address', async () => {
    const hosts = ['2001:db8:1:2::a', '2001:db8:1:2::b', '2001:db8:1:2:ffff::c'];
    for (const host of hosts) {
      const client = fromAddress(server, host);
      await client.get('/api/csrf/');
      expectProblem(await login(client, uniqueName('nobody'), 'wrong-password'), 401, 'invalid_credentials');
    }
    const sameNetwork = fromAddress(server, '2001:db8:1:2::d');
    await sameNetwork.get('/api/csrf/');
    expectRateLimited(await login(sameNetwork, 'alice', 'alice123'), 15 * 60);
    const nextNetwork = fromAddress(server, '2001:db8:1:3::a');
    await nextNetwork.get('/api/csrf/');
    expect((await login(nextNetwork, 'alice', 'alice123')).status).toBe(200);
  });

  it('does not forget an address\'s failures when a login from it succeeds', async () => {
    const client = fromAddress(server, '203.0.113.12');
    await client.get('/api/csrf/');
    const { username, password } = await newUser(server, 'own');
    await login(client, uniqueName('nobody'), 'wrong-password');
    await login(client, uniqueName('nobody'), 'wrong-password');
    expect((await login(client, username, password)).status).toBe(200);
    expectProblem(await login(client, uniqueName('nobody'), 'wrong-password'), 401, 'invalid_credentials');
    expectRateLimited(await login(client, username, password), 15 * 60);
  });

  it('counts a burst of parallel guesses before checking any password: exactly 3 of 10 are checked', async () => {
    const client = fromAddress(server, '203.0.113.13');
    await client.get('/api/csrf/');
    const target = uniqueName('target');
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => login(client, target, `guess-${i}`)));
    expect(replies.filter((r) => r.status === 401)).toHaveLength(3);
    for (const reply of replies.filter((r) => r.status !== 401)) expectRateLimited(reply, 15 * 60);
  });
});

describe('failed logins per client address without a trusted proxy (TRUST_PROXY=0, the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES: '100' });
  });
  afterAll(() => server.close());

  it('ignores X-Forwarded-For, so a client cannot dodge the limit by making addresses up', async () => {
    const client = server.client();
    await client.get('/api/csrf/');
    for (let i = 0; i < 3; i++) {
      const reply = await client.post('/api/login/', { username: uniqueName('nobody'), password: 'wrong-password' }, { 'X-Forwarded-For': `192.0.2.${i + 1}` });
      expectProblem(reply, 401, 'invalid_credentials');
    }
    expectRateLimited(await client.post('/api/login/', { username: 'alice', password: 'alice123' }, { 'X-Forwarded-For': '192.0.2.99' }), 15 * 60);
  });
});

describe('failed logins while the event store is down (LOGIN_MAX_FAILURES=2, LOGIN_MAX_FAILURES_PER_ADDRESS=2)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ LOGIN_MAX_FAILURES: '2', LOGIN_MAX_FAILURES_PER_ADDRESS: '2' });
  });
  afterAll(() => server.close());

  it('does not count a login the store could not check (503) as a failure, per username or per address', async () => {
    const client = server.client();
    await client.get('/api/csrf/');
    const down = storeDown(server, 'event store', ['readStream']);
    try {
      for (let i = 0; i < 3; i++) expectProblem(await login(client, 'bob', 'wrong-password'), 503, 'unavailable');
    } finally {
      down.restore();
    }
    expect((await login(client, 'bob', 'bob123')).status).toBe(200);
    const again = server.client();
    await again.get('/api/csrf/');
    for (let i = 0; i < 2; i++) expectProblem(await login(again, 'bob', 'wrong-password'), 401, 'invalid_credentials');
    expectRateLimited(await login(again, 'bob', 'bob123'), 15 * 60);
  });
});

describe('locks and unlocks per user (LOCK_RATE_PER_SECOND=5, LOCK_RATE_PER_MINUTE=12)', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer({ LOCK_RATE_PER_SECOND: '5', LOCK_RATE_PER_MINUTE: '12', MAX_SEATS_PER_USER: '10' });
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  it('refuses the locks of a burst past 5 with 429 and Retry-After, writes none of them, and leaves other users alone', async () => {
    const { client } = await newUser(server, 'burst');
    const seats = Array.from({ length: 10 }, (_, i) => `A${i + 1}`);
    const replies = await Promise.all(seats.map((seatId) => lock(client, eventId, seatId)));
    const locked = seats.filter((_, i) => replies[i].status === 200);
    const refused = seats.filter((_, i) => replies[i].status === 429);
    expect(locked.length + refused.length).toBe(10);
    expect(locked.length).toBeGreaterThanOrEqual(5);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const reply of replies.filter((r) => r.status === 429)) expectRateLimited(reply, 1);
    const after = await grid(client, eventId);
    for (const seatId of refused) expect(after.find((s) => s.id === seatId)).toMatchObject({ status: 'available', mine: false });
    for (const seatId of locked) expect(after.find((s) => s.id === seatId)).toMatchObject({ status: 'locked', mine: true });
    const { client: bystander } = await newUser(server, 'bystander');
    expect((await lock(bystander, eventId, 'B1')).status).toBe(200);
  });

  it('takes the user\'s calls again once Retry-After has passed', async () => {
    const { client } = await newUser(server, 'patient');
    const replies = await Promise.all(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7'].map((seatId) => lock(client, eventId, seatId)));
    const limited = replies.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    await sleep(expectRateLimited(limited!, 1) * 1000 + 100);
    expect((await lock(client, eventId, 'C8')).status).toBe(200);
  });

  it('counts the user, not the session: two logins of one user share one allowance', async () => {
    const { username, password } = await newUser(server, 'twice');
    const first = await new Client(server.url).login(username, password);
    const second = await new Client(server.url).login(username, password);
    const replies = await Promise.all(['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'D7', 'D8'].map((seatId, i) => lock(i % 2 ? second : first, eventId, seatId)));
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(5);
    expect(replies.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
  });

  it('counts locks and unlocks together within a minute: at 4 a second, the 13th call is refused for many seconds', async () => {
    const { client } = await newUser(server, 'steady');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((i % 2 ? await unlock(client, eventId, 'E1') : await lock(client, eventId, 'E1')).status);
      await sleep(250);
    }
    expect(statuses).toEqual(Array(12).fill(200));
    const refused = await lock(client, eventId, 'E1');
    expect(expectRateLimited(refused, 60)).toBeGreaterThan(1);
    expect(refused.body.detail).toMatch(/wait \d+ seconds/);
  });

  it('limits no read: 60 grid reads at once by a limited user all answer 200', async () => {
    const { client } = await newUser(server, 'reader');
    await Promise.all(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7'].map((seatId) => lock(client, eventId, seatId)));
    const reads = await Promise.all(Array.from({ length: 60 }, () => client.get(`/api/events/${eventId}/seats/`)));
    expect(new Set(reads.map((r) => r.status))).toEqual(new Set([200]));
    expect((await client.get('/api/reservations/')).status).toBe(200);
  });
});

describe('RATE_LIMIT_DISABLED=true, for benchmarks (with LOCK_RATE_PER_SECOND=2, LOGIN_MAX_FAILURES_PER_ADDRESS=1, LOGIN_MAX_FAILURES=2)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ RATE_LIMIT_DISABLED: 'true', LOCK_RATE_PER_SECOND: '2', LOGIN_MAX_FAILURES_PER_ADDRESS: '1', LOGIN_MAX_FAILURES: '2' });
  });
  afterAll(() => server.close());

  it('turns off the lock rate and the per-address login limit, but not the per-username one of the contract', async () => {
    const eventId = await server.eventId();
    const { client } = await newUser(server, 'unlimited');
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => lock(client, eventId, `B${i + 1}`)));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    const anyone = server.client();
    await anyone.get('/api/csrf/');
    for (const name of [uniqueName('nobody'), uniqueName('nobody')]) expectProblem(await login(anyone, name, 'wrong-password'), 401, 'invalid_credentials');
    for (let i = 0; i < 2; i++) expectProblem(await login(anyone, 'bob', 'wrong-password'), 401, 'invalid_credentials');
    expectRateLimited(await login(anyone, 'bob', 'bob123'), 15 * 60);
    expect((await login(anyone, 'alice', 'alice123')).status).toBe(200);
  });
});

describe('request body size, session renewal and security headers (defaults)', () => {
  let server: TestServer;
  let eventId: string;
  beforeAll(async () => {
    server = await startServer();
    eventId = await server.eventId();
  });
  afterAll(() => server.close());

  it('answers a body over 64 KB with 413 payload_too_large, and takes one just under it to validation', async () => {
    const { client } = await newUser(server, 'big');
    const over = JSON.stringify({ seatIds: ['x'.repeat(64 * 1024)] });
    expectProblem(await client.post(`/api/events/${eventId}/reserve/`, over), 413, 'payload_too_large');
    const under = JSON.stringify({ seatIds: ['x'.repeat(64 * 1024 - 100)] });
    expectProblem(await client.post(`/api/events/${eventId}/reserve/`, under), 400, 'validation_failed');
    expect((await client.get('/api/reservations/')).body.reservations).toEqual([]);
  });

  it('destroys the session a client had before login: its id and CSRF token are dead, and the store no longer holds it', async () => {
    const client = server.client();
    await client.get('/api/csrf/');
    const before = new Client(server.url);
    for (const [k, v] of client.cookies) before.cookies.set(k, v);
    const sidOf = (c: Client) => /^s:([^.]+)\./.exec(decodeURIComponent(c.cookies.get('tessera.sid') ?? ''))?.[1];
    const oldId = sidOf(client);
    expect(oldId).toBeDefined();
    expect((await login(client, 'alice', 'alice123')).status).toBe(200);
    const newId = sidOf(client);
    expect(newId).toBeDefined();
    expect(newId).not.toBe(oldId);
    // The old cookie and the token issued for it: a live session would take this logout.
    expectProblem(await before.post('/api/logout/'), 403, 'csrf_failed');
    expectProblem(await before.get('/api/me/'), 401, 'unauthenticated');
    const db = new Database(join(server.dataDir, 'sessions.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const held = (sid: string) => Boolean(db.prepare('SELECT 1 FROM sessions WHERE sid = ?').get(sid));
      expect({ old: held(oldId!), current: held(newId!) }).toEqual({ old: false, current: true });
    } finally {
      db.close();
    }
    expect((await client.get('/api/me/')).body.user.username).toBe('alice');
  });

  /** Helmet's policy, which the Angular build and Swagger UI run under: scripts from this origin only. */
  const EXPECTED_CSP = {
    'default-src': "'self'",
    'base-uri': "'self'",
    'font-src': "'self' https: data:",
    'form-action': "'self'",
    'frame-ancestors': "'self'",
    'img-src': "'self' data:",
    'object-src': "'none'",
    'script-src': "'self'",
    'script-src-attr': "'none'",
    'style-src': "'self' https: 'unsafe-inline'",
  };
  const cspOf = (reply: Reply) =>
    Object.fromEntries(
      (reply.headers.get('content-security-policy') ?? '')
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1).join(' ')]),
    );

  it('sends the security headers on answers, errors and 304s alike: a strict CSP, nosniff, frame and referrer protection, no X-Powered-By', async () => {
    const anonymous = server.client();
    const first = await anonymous.get(`/api/events/${eventId}/seats/`);
    const answers: [string, Reply][] = [
      ['an answer', await anonymous.get('/api/events/')],
      ['an error', await anonymous.get('/api/me/')],
      ['a CSRF refusal', await anonymous.post('/api/logout/')],
      ['a 304', await anonymous.get(`/api/events/${eventId}/seats/`, { 'If-None-Match': first.headers.get('etag')! })],
    ];
    for (const [what, reply] of answers) {
      expect({ what, csp: cspOf(reply) }).toEqual({ what, csp: EXPECTED_CSP });
      expect({
        what,
        nosniff: reply.headers.get('x-content-type-options'),
        frames: reply.headers.get('x-frame-options'),
        referrer: reply.headers.get('referrer-policy'),
        opener: reply.headers.get('cross-origin-opener-policy'),
        hsts: reply.headers.get('strict-transport-security'),
        poweredBy: reply.headers.get('x-powered-by'),
      }).toEqual({
        what,
        nosniff: 'nosniff',
        frames: 'SAMEORIGIN',
        referrer: 'no-referrer',
        opener: 'same-origin',
        hsts: expect.stringMatching(/^max-age=\d{7,}/),
        poweredBy: null,
      });
    }
  });

  const webIndex = join(__dirname, '..', '..', 'apps', 'web', 'dist', 'browser', 'index.html');
  (existsSync(webIndex) ? it : it.skip)('serves the Angular app under that same CSP, with no inline script or handler for it to forbid', async () => {
    const page = await server.client().get('/');
    expect(page.status).toBe(200);
    expect(cspOf(page)).toEqual(EXPECTED_CSP);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(attributes).toMatch(/src="(?!https?:|\/\/)/);
      expect(inline.trim()).toBe('');
    }
    expect(page.text).not.toMatch(/\son[a-z]+\s*=/i);
  });
});

describe('Secure cookies behind an HTTPS proxy (COOKIE_SECURE=true, TRUST_PROXY=1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ COOKIE_SECURE: 'true', TRUST_PROXY: '1' });
  });
  afterAll(() => server.close());

  it('marks the XSRF-TOKEN and session cookies Secure when the proxy says HTTPS, and the session works', async () => {
    const client = new ProxiedClient(server.url, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '198.51.100.30' });
    const csrf = await client.get('/api/csrf/');
    expect(setCookie(csrf, 'XSRF-TOKEN')).toMatch(/;\s*Secure/i);
    expect(setCookie(csrf, 'tessera.sid')).toMatch(/;\s*Secure/i);
    const reply = await login(client, 'alice', 'alice123');
    expect(reply.status).toBe(200);
    const session = setCookie(reply, 'tessera.sid')!;
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie(reply, 'XSRF-TOKEN')).toMatch(/;\s*Secure/i);
    expect((await client.get('/api/me/')).body.user.username).toBe('alice');
  });

  it('never sends the session cookie over plain HTTP', async () => {
    const client = server.client();
    const csrf = await client.get('/api/csrf/');
    expect(csrf.status).toBe(200);
    expect(setCookie(csrf, 'tessera.sid')).toBeUndefined();
    expect(setCookie(csrf, 'XSRF-TOKEN')).toMatch(/;\s*Secure/i);
  });

  it('adds upgrade-insecure-requests to the CSP, which plain HTTP setups do not get', async () => {
    const csp = (await server.client().get('/api/events/')).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|;)\s*upgrade-insecure-requests\s*(;|$)/);
  });
});
