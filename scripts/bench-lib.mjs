// What `npm run bench` and `npm run profile` share: the product started on a data dir of its own,
// HTTP clients with cookie jars and CSRF like a browser's, the 100 x 100 event, closed-loop cycles
// of requests with their latency statistics, and /proc readings of a process.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { API_MAIN, ROOT, apiV8Flags } from './lib.mjs';

/** Row labels of the 100 x 100 benchmark event: A..Z, AA..AZ, BA.., as an admin would name them. */
export const ROW_LABELS = Array.from({ length: 100 }, (_, i) => (i < 26 ? '' : 'ABCD'[Math.floor(i / 26) - 1]) + String.fromCharCode(65 + (i % 26)));

/** The i-th seat of the 100 x 100 event (so that each client has one of its own). */
export function seatOf(i) {
  return `${ROW_LABELS[Math.floor(i / 100) % 100]}${(i % 100) + 1}`;
}

export function round(x) {
  return Math.round(x * 100) / 100;
}

/** utime + stime of a process, in ms, from /proc (Linux). */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks: 100 per second on Linux
}

export function rssMb(pid) {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

/**
 * The built API in a process of its own on `dir`, configured as in production but for benchmark
 * settings (rate limits off: 32 users each send far more than a person can). It runs with the V8
 * flags `npm start` and the Dockerfile use (`v8Flags`, another set to compare them); `nodeArgs` go
 * after them (a profiler's preload); `onSample(pid)` is called every 500 ms while it runs; `main` is
 * another build of the API (to compare two builds in one run).
 */
export async function startProduct(dir, { nodeArgs = [], v8Flags = apiV8Flags(), onSample, env = {}, main = API_MAIN } = {}) {
  // Its log (JSON, a line per request, as in production) goes to a file, as a container's goes to
  // its runtime: written by the server, read by nobody during the run, so no reader's CPU is counted.
  const logFile = join(dir, 'server.log');
  mkdirSync(dir, { recursive: true });
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...v8Flags, ...nodeArgs, main], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 'bench', COOKIE_SECURE: 'false', DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'true', MAX_SEATS_PER_USER: '10', LOGIN_MAX_FAILURES: '1000', RATE_LIMIT_DISABLED: 'true', ...env },
    stdio: ['ignore', log, 'inherit'],
  });
  closeSync(log);
  const url = await new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(readFileSync(logFile, 'utf8'));
      if (m) {
        clearInterval(poll);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`server exited (${code}):\n${readFileSync(logFile, 'utf8')}`));
    });
  });
  const timer = onSample && setInterval(() => onSample(child.pid), 500);
  return {
    url,
    pid: child.pid,
    async stop() {
      clearInterval(timer);
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The load generators' connections (see httpCall). */
export const keepAlive = new Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * One HTTP exchange on kept-alive connections (node:http: a third of the CPU per request of fetch,
 * which matters when the load generator shares the 2 cores with the server under test).
 */
export function httpCall(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: keepAlive }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A client with a cookie jar and the CSRF header, like a browser. */
export function client(base, csrf = { cookie: 'XSRF-TOKEN', header: 'X-XSRF-TOKEN' }) {
  const cookies = new Map();
  return {
    async call(method, path, body, extra = {}) {
      const headers = { Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...extra };
      if (method !== 'GET') headers[csrf.header] = decodeURIComponent(cookies.get(csrf.cookie) ?? '');
      if (body) headers['Content-Type'] = 'application/json';
      const t0 = process.hrtime.bigint();
      const res = await httpCall(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
      for (const c of res.headers['set-cookie'] ?? []) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        cookies.set(pair.slice(0, i), pair.slice(i + 1));
      }
      const text = res.body.toString('utf8');
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      let parsed;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {}
      return { status: res.status, body: parsed, ms, etag: res.headers.etag };
    },
  };
}

export async function login(base, username, password) {
  const c = client(base);
  await c.call('GET', '/api/csrf/');
  const r = await c.call('POST', '/api/login/', { username, password });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return c;
}

export async function register(base, username) {
  const c = client(base);
  await c.call('GET', '/api/csrf/');
  const r = await c.call('POST', '/api/register/', { username, password: 'password123' });
  if (r.status !== 201) throw new Error(`register ${username}: ${r.status}`);
  return c;
}

/** The 100 x 100 event (10,000 seats), scheduled by a logged-in admin client; answers its id. */
export async function scheduleBigEvent(admin, name) {
  const created = await admin.call('POST', '/api/admin/events/', {
    name, venue: 'Arena', startsAt: '2030-01-01T20:00:00.000Z', currency: 'EUR',
    rows: ROW_LABELS.map((label) => ({ label, seats: 100, price: '50.00' })),
  });
  if (created.status !== 201) throw new Error(`scheduling ${name}: ${created.status}`);
  return created.body.event.id;
}

/** The 10,000-seat arena: blocks 101-120, rows 1-20 of 25 seats, an aisle after seat 12, wheelchair places at the ends of the back row. */
export async function scheduleArena(admin) {
  const sections = Array.from({ length: 20 }, (_, b) => ({
    key: `block-${101 + b}`,
    name: `Block ${101 + b}`,
    rows: Array.from({ length: 20 }, (_, r) => ({
      label: String(r + 1),
      seats: 25,
      category: b < 4 ? 'floor' : r < 10 ? 'lower' : 'upper',
      aislesAfter: [12],
      accessible: r === 19 ? [1, 25] : [],
    })),
  }));
  const created = await admin.call('POST', '/api/admin/events/', {
    name: 'Arena Night', venue: 'City Arena', startsAt: '2030-01-02T20:00:00.000Z', currency: 'EUR',
    categories: [
      { key: 'floor', name: 'Floor', price: '95.00' },
      { key: 'lower', name: 'Lower tier', price: '60.00' },
      { key: 'upper', name: 'Upper tier', price: '35.00' },
    ],
    sections,
  });
  if (created.status !== 201) throw new Error(`scheduling the arena: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.event.id;
}

export async function lockUnlock(u, eventId, seat) {
  const lock = await u.call('POST', `/api/events/${eventId}/seats/${seat}/lock/`);
  const unlock = await u.call('POST', `/api/events/${eventId}/seats/${seat}/unlock/`);
  return [{ name: 'lock', ms: lock.ms, status: lock.status }, { name: 'unlock', ms: unlock.ms, status: unlock.status }];
}

/**
 * Closed-loop cycles by every user until the deadline. A cycle counts as done only when each of
 * its requests got the answer it was meant to get (`ok`, by default a 2xx): a lock refused with a
 * 500 is not a lock served, so a design that fails under load is not credited with the failures.
 */
export async function cycles(users, seconds, cycle, ok = (status) => status < 300) {
  const deadline = Date.now() + seconds * 1000;
  const samples = [];
  let done = 0;
  let attempted = 0;
  const t0 = Date.now();
  await Promise.all(
    users.map(async (u, i) => {
      while (Date.now() < deadline) {
        attempted++;
        try {
          const answers = await cycle(u, i);
          samples.push(...answers);
          if (answers.every((a) => ok(a.status))) done++;
        } catch {
          samples.push({ name: 'connection', ms: NaN, status: 599 }); // a failed connection counts as an error
        }
      }
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  const byCommand = {};
  for (const s of samples) (byCommand[s.name] ??= []).push(s);
  return {
    done,
    cyclesPerSecond: round(done / elapsed),
    attemptedPerSecond: round(attempted / elapsed),
    errors5xx: samples.filter((s) => s.status >= 500).length,
    non2xx: samples.filter((s) => s.status >= 300).length,
    commands: Object.fromEntries(Object.entries(byCommand).map(([name, list]) => [name, stats(list.map((s) => s.ms))])),
  };
}

export function stats(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99) };
}
