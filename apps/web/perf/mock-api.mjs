// A stand-in for the Tessera API, in memory, for measuring and eyeballing the web app without the
// real server: it follows docs/api.md for the calls the app makes and serves dist/browser.
// Not a test double for correctness; the browser end-to-end suite runs against the real server.
//
//   node apps/web/perf/mock-api.mjs            (PORT=4300 (0: any free port), SEAT_LOCK_SECONDS=300, SKEW_MS=0)
//
// Users alice/alice123 and bob/bob123. Events: "Concert XYZ" (A–J x 12) and "Big Hall" (100 x 100).
// POST /__mock/others?event=big&n=50 makes bob lock or release n random seats (a poll with changes).
import { createServer } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.PORT ?? 4300);
const LOCK_MS = Number(process.env.SEAT_LOCK_SECONDS ?? 300) * 1000;
const SKEW_MS = Number(process.env.SKEW_MS ?? 0);
const ROOT = process.env.WEB_ROOT ?? fileURLToPath(new URL('../dist/browser/', import.meta.url));
const now = () => Date.now() + SKEW_MS;

const users = { alice: 'alice123', bob: 'bob123' };
const sessions = new Map();
const shows = new Map();
const reservations = [];
let version = 0;

function rowLabel(index) {
  let label = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) label = String.fromCharCode(65 + ((n - 1) % 26)) + label;
  return label;
}

function addShow(id, name, rowCount, perRow, priceOf) {
  const rows = Array.from({ length: rowCount }, (_, r) => ({ label: rowLabel(r), seats: perRow, price: priceOf(r) }));
  const seats = [];
  for (const row of rows) {
    for (let n = 1; n <= perRow; n++) {
      seats.push({ id: `${id}-${row.label}${n}`, label: `${row.label}${n}`, row: row.label, number: n, price: row.price, holder: null, until: null, reservedBy: null });
    }
  }
  shows.set(id, { id, name, venue: 'Main Hall', startsAt: '2026-12-22T19:30:00.000Z', currency: 'EUR', rows, seats, byId: new Map(seats.map((s) => [s.id, s])) });
}
addShow('concert', 'Concert XYZ', 10, 12, () => '50.00');
addShow('big', 'Big Hall', 100, 100, (r) => (r < 20 ? '80.00' : r < 60 ? '50.00' : '30.00'));

const live = (seat) => seat.holder !== null && seat.until > now();
function seatDto(seat, user) {
  if (seat.reservedBy) return { ...base(seat), status: 'reserved', lockedBy: null, lockedUntil: null, mine: seat.reservedBy === user };
  if (live(seat)) return { ...base(seat), status: 'locked', lockedBy: user ? seat.holder : null, lockedUntil: new Date(seat.until).toISOString(), mine: seat.holder === user };
  return { ...base(seat), status: 'available', lockedBy: null, lockedUntil: null, mine: false };
}
const base = (s) => ({ id: s.id, label: s.label, row: s.row, number: s.number, price: s.price });
const available = (show) => show.seats.filter((s) => !s.reservedBy && !live(s)).length;
const summary = (show) => ({ id: show.id, name: show.name, venue: show.venue, startsAt: show.startsAt, currency: show.currency, seatCount: show.seats.length, availableCount: available(show) });

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
  res.end(text);
}
const problem = (res, status, code, detail, extra = {}) => send(res, status, { type: 'about:blank', title: code, status, code, detail, ...extra });
const cookies = (req) => Object.fromEntries((req.headers.cookie ?? '').split(/;\s*/).filter(Boolean).map((c) => c.split('=').map(decodeURIComponent)));

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

async function api(req, res, url) {
  const path = url.pathname.replace(/\/+$/, '');
  const jar = cookies(req);
  const user = sessions.get(jar.sid) ?? null;
  const unsafe = req.method !== 'GET' && req.method !== 'HEAD';
  if (unsafe && !path.startsWith('/__mock') && (!jar['XSRF-TOKEN'] || req.headers['x-xsrf-token'] !== jar['XSRF-TOKEN'])) {
    return problem(res, 403, 'csrf_failed', 'The CSRF token is missing or wrong. Reload the page.');
  }
  let m;
  if (path === '/api/csrf') {
    const token = jar['XSRF-TOKEN'] ?? randomBytes(16).toString('hex');
    return send(res, 200, { csrfToken: token }, { 'Set-Cookie': `XSRF-TOKEN=${token}; Path=/; SameSite=Lax` });
  }
  if (path === '/api/me') return user ? send(res, 200, { user: { id: user, username: user, roles: ['user'] } }) : problem(res, 401, 'unauthenticated', 'Log in first.');
  if (path === '/api/login' && req.method === 'POST') {
    const { username, password } = await body(req);
    if (users[username] !== password) return problem(res, 401, 'invalid_credentials', 'The username or the password is wrong.');
    const sid = randomUUID();
    sessions.set(sid, username);
    return send(res, 200, { user: { id: username, username, roles: ['user'] } }, { 'Set-Cookie': `sid=${sid}; Path=/; HttpOnly; SameSite=Lax` });
  }
  if (path === '/api/logout' && req.method === 'POST') {
    sessions.delete(jar.sid);
    res.writeHead(204).end();
    return;
  }
  if (path === '/api/events') return send(res, 200, { events: [...shows.values()].map(summary) });
  if ((m = /^\/api\/events\/([^/]+)$/.exec(path))) {
    const show = shows.get(decodeURIComponent(m[1]));
    return show ? send(res, 200, { event: { ...summary(show), rows: show.rows } }) : problem(res, 404, 'not_found', 'No such event.');
  }
  if ((m = /^\/api\/events\/([^/]+)\/seats$/.exec(path))) {
    const show = shows.get(decodeURIComponent(m[1]));
    if (!show) return problem(res, 404, 'not_found', 'No such event.');
    const expired = show.seats.filter((s) => s.holder !== null && s.until <= now()).length;
    const etag = `"${version}-${user ?? 'anon'}-${expired}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag }).end();
      return;
    }
    return send(res, 200, { eventId: show.id, serverTime: new Date(now()).toISOString(), seats: show.seats.map((s) => seatDto(s, user)) }, { ETag: etag, 'Cache-Control': 'no-cache' });
  }
  if ((m = /^\/api\/events\/([^/]+)\/seats\/([^/]+)\/(lock|unlock)$/.exec(path)) && req.method === 'POST') {
    if (!user) return problem(res, 401, 'unauthenticated', 'Log in first.');
    const show = shows.get(decodeURIComponent(m[1]));
    const seat = show?.byId.get(decodeURIComponent(m[2]));
    if (!seat) return problem(res, 404, 'not_found', 'No such seat.');
    if (m[3] === 'lock') {
      if (seat.reservedBy || (live(seat) && seat.holder !== user)) return problem(res, 409, 'seat_unavailable', `Seat ${seat.label} is locked by another user`);
      if (!live(seat)) Object.assign(seat, { holder: user, until: now() + LOCK_MS });
    } else {
      if (!live(seat) || seat.holder !== user) return problem(res, 409, 'not_lock_owner', `You hold no lock on seat ${seat.label}`);
      Object.assign(seat, { holder: null, until: null });
    }
    version++;
    return send(res, 200, { seat: seatDto(seat, user) });
  }
  if ((m = /^\/api\/events\/([^/]+)\/reserve$/.exec(path)) && req.method === 'POST') {
    if (!user) return problem(res, 401, 'unauthenticated', 'Log in first.');
    const show = shows.get(decodeURIComponent(m[1]));
    const { seatIds } = await body(req);
    const seats = seatIds.map((id) => show.byId.get(id));
    const conflicts = seats.filter((s) => !live(s) || s.holder !== user).map((s) => ({ seatId: s.id, label: s.label, code: s.reservedBy || live(s) ? 'seat_unavailable' : 'lock_expired' }));
    if (conflicts.length) return problem(res, 409, conflicts[0].code, `Seat ${conflicts[0].label} cannot be reserved`, { conflicts });
    const reservation = { id: randomUUID(), eventId: show.id, eventName: show.name, seatIds, seats: seats.map((s) => s.label), totalPrice: (seats.reduce((t, s) => t + Math.round(Number(s.price) * 100), 0) / 100).toFixed(2), currency: show.currency, status: 'confirmed', createdAt: new Date(now()).toISOString(), user };
    for (const s of seats) Object.assign(s, { holder: null, until: null, reservedBy: user });
    reservations.unshift(reservation);
    version++;
    return send(res, 201, { reservation });
  }
  if (path === '/api/reservations') return user ? send(res, 200, { reservations: reservations.filter((r) => r.user === user) }) : problem(res, 401, 'unauthenticated', 'Log in first.');
  if ((m = /^\/api\/reservations\/([^/]+)\/cancel$/.exec(path)) && req.method === 'POST') {
    const reservation = reservations.find((r) => r.id === m[1] && r.user === user);
    if (!reservation) return problem(res, 404, 'not_found', 'No such reservation.');
    if (reservation.status === 'cancelled') return problem(res, 409, 'already_cancelled', 'This reservation is already cancelled.');
    Object.assign(reservation, { status: 'cancelled', cancelledAt: new Date(now()).toISOString() });
    const show = shows.get(reservation.eventId);
    for (const id of reservation.seatIds) show.byId.get(id).reservedBy = null;
    version++;
    return send(res, 200, { reservation });
  }
  if (path === '/__mock/others' && req.method === 'POST') {
    const show = shows.get(url.searchParams.get('event') ?? 'big');
    const n = Number(url.searchParams.get('n') ?? 50);
    for (let i = 0; i < n; i++) {
      const seat = show.seats[Math.floor(Math.random() * show.seats.length)];
      if (seat.reservedBy) continue;
      if (live(seat) && seat.holder === 'bob') Object.assign(seat, { holder: null, until: null });
      else if (!live(seat)) Object.assign(seat, { holder: 'bob', until: now() + LOCK_MS });
    }
    version++;
    return send(res, 200, { ok: true });
  }
  return problem(res, 404, 'not_found', 'No such resource.');
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ico': 'image/x-icon', '.json': 'application/json' };
async function staticFile(res, pathname) {
  let file = normalize(join(ROOT, decodeURIComponent(pathname)));
  if (!file.startsWith(ROOT) || !(await stat(file).catch(() => null))?.isFile()) file = join(ROOT, 'index.html');
  const content = await readFile(file);
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(content);
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const handler = url.pathname.startsWith('/api/') || url.pathname.startsWith('/__mock') ? api(req, res, url) : staticFile(res, url.pathname);
  handler.catch((error) => problem(res, 500, 'internal', String(error)));
});
// PORT=0 takes a free port; the first line printed names it.
server.listen(PORT, '127.0.0.1', () => console.log(`mock API and web app on http://127.0.0.1:${server.address().port}`));
