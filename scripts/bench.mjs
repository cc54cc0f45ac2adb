// `npm run bench`: starts the product on a temp data dir and measures, in the same run, against a
// baseline measured in the same run (a bare Node http server serving the very same bytes):
//   1. anonymous seat-grid reads (autocannon, keep-alive, gzip accepted, 32 connections)
//   2. lock+unlock cycles by 32 logged-in users on distinct seats
//   3. reserve+cancel cycles by 32 users (lock, reserve, cancel)
// Prints one table and writes bench/results.json. See docs/performance.md.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { API_MAIN, ROOT, buildApi, ensureInstalled } from './lib.mjs';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

ensureInstalled();
buildApi();

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
const server = await startProduct(dataDir);
try {
  const results = {};
  const eventId = (await getJson(`${server.url}/api/events/`)).events[0].id;
  results.gridReads = await gridReads(server.url, eventId);
  const users = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => newUser(server.url, `bench${i}`)));
  results.lockUnlock = await cycles(users, SECONDS, async (u, i) => {
    const seat = seatFor(i);
    return [await u.timed('lock', 'POST', `/api/events/${eventId}/seats/${seat}/lock/`), await u.timed('unlock', 'POST', `/api/events/${eventId}/seats/${seat}/unlock/`)];
  });
  results.reserveCancel = await cycles(users, SECONDS, async (u, i) => {
    const seat = seatFor(i + CLIENTS);
    const lock = await u.timed('lock', 'POST', `/api/events/${eventId}/seats/${seat}/lock/`);
    const reserve = await u.timed('reserve', 'POST', `/api/events/${eventId}/reserve/`, { seatIds: [seat] });
    const cancel = await u.timed('cancel', 'POST', `/api/reservations/${reserve.body?.reservation?.id}/cancel/`);
    return [lock, reserve, cancel];
  });
  results.rssMb = Math.round(Number((await getJson(`${server.url}/api/health/`)).rssMb ?? 0));
  report(results);
} finally {
  server.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

function seatFor(i) {
  return `${'ABCDEFGHIJ'[Math.floor(i / 12) % 10]}${(i % 12) + 1}`;
}

async function startProduct(dir) {
  const child = spawn(process.execPath, [API_MAIN], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'true', MAX_SEATS_PER_USER: '10', LOGIN_MAX_FAILURES: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
  return { url, child };
}

async function getJson(url) {
  const res = await fetch(url);
  return res.json();
}

/** A logged-in user with a cookie jar and the CSRF header, timing each request. */
async function newUser(base, username) {
  const cookies = new Map();
  const call = async (method, path, body) => {
    const headers = { Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (method !== 'GET') headers['X-XSRF-TOKEN'] = decodeURIComponent(cookies.get('XSRF-TOKEN') ?? '');
    if (body) headers['Content-Type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  await call('GET', '/api/csrf/');
  const r = await call('POST', '/api/register/', { username, password: 'password123' });
  if (r.status !== 201) throw new Error(`register ${username}: ${r.status}`);
  return {
    async timed(name, method, path, body) {
      const t0 = process.hrtime.bigint();
      const reply = await call(method, path, body);
      return { name, ms: Number(process.hrtime.bigint() - t0) / 1e6, status: reply.status, body: reply.body };
    },
  };
}

async function cycles(users, seconds, cycle) {
  const deadline = Date.now() + seconds * 1000;
  const samples = [];
  let done = 0;
  const t0 = Date.now();
  await Promise.all(
    users.map(async (u, i) => {
      while (Date.now() < deadline) {
        samples.push(...(await cycle(u, i)));
        done++;
      }
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  const byCommand = {};
  for (const s of samples) (byCommand[s.name] ??= []).push(s);
  return {
    cyclesPerSecond: round(done / elapsed),
    errors5xx: samples.filter((s) => s.status >= 500).length,
    unexpected: samples.filter((s) => s.status >= 400).length,
    commands: Object.fromEntries(Object.entries(byCommand).map(([name, list]) => [name, stats(list.map((s) => s.ms))])),
  };
}

function stats(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99) };
}

function round(x) {
  return Math.round(x * 100) / 100;
}

/** The product's grid reads against a bare server sending the same gzipped bytes (the ceiling). */
async function gridReads(base, eventId) {
  const path = `/api/events/${eventId}/seats/`;
  const body = await new Promise((resolve, reject) =>
    request(base + path, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject).end(),
  );
  const gz = gzipSync(body);
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': gz.length });
    res.end(gz);
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${bare.address().port}${path}`;
  const load = (url) =>
    autocannon({ url, connections: CLIENTS, duration: SECONDS, headers: { 'accept-encoding': 'gzip' } }).then((r) => ({
      requestsPerSecond: round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
    }));
  const product = await load(base + path);
  const ceiling = await load(bareUrl);
  bare.close();
  return { seats: JSON.parse(body).seats.length, product, ceiling, ratio: round(product.requestsPerSecond / ceiling.requestsPerSecond) };
}

function report(results) {
  const g = results.gridReads;
  const rows = [
    ['grid reads (' + g.seats + ' seats), product', `${g.product.requestsPerSecond} req/s`, `p50 ${g.product.p50} ms`, `p99 ${g.product.p99} ms`],
    ['grid reads, bare Node ceiling', `${g.ceiling.requestsPerSecond} req/s`, `p50 ${g.ceiling.p50} ms`, `p99 ${g.ceiling.p99} ms`],
    ['grid reads, ratio to ceiling', `${g.ratio}`, '', ''],
  ];
  for (const [label, r] of [['lock+unlock', results.lockUnlock], ['lock+reserve+cancel', results.reserveCancel]]) {
    rows.push([`${label} cycles (${CLIENTS} users)`, `${r.cyclesPerSecond} cycles/s`, `${r.errors5xx} 5xx`, `${r.unexpected} 4xx/5xx`]);
    for (const [name, s] of Object.entries(r.commands)) rows.push([`  ${name}`, `${s.count} calls`, `p50 ${s.p50} ms`, `p99 ${s.p99} ms`]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log('\n' + rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n'));
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify({ at: new Date().toISOString(), clients: CLIENTS, seconds: SECONDS, ...results }, null, 2));
  console.log('\nwritten to bench/results.json');
}
