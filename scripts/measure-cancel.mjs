// `node scripts/measure-cancel.mjs`: how long cancelling a sold-out 10,000-seat event takes
// (docs/box-office.md "Cancelling an event"). The BUILT server (dist/, `npx nest build api`) on a
// temp data dir; the admin creates the 100 x 100 event over HTTP; MEASURE_USERS (1,000) registered
// users each lock and reserve their 10 seats (MAX_SEATS_PER_USER 10), MEASURE_CONCURRENCY (32) at a
// time; then one cancel request is timed. Prints seats, reservations, the cancel's milliseconds (and
// the server's CPU in them), and the events it appended, by type, counted in the audit log before
// and after. Checks the outcome (no seat held, no reservation confirmed, verify consistent) and
// exits 1 when it is wrong. A measurement, not a test: nothing here is compared with a budget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMs, login, register, round, scheduleBigEvent, seatOf, startProduct } from './bench-lib.mjs';

const USERS = Number(process.env.MEASURE_USERS ?? 1000);
const SEATS_PER_USER = 10;
const CONCURRENCY = Number(process.env.MEASURE_CONCURRENCY ?? 32);
const REASON = 'Measuring the cancellation';

/** Runs `work` on every item, `limit` at a time; rejects with the first failure. */
async function pool(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Every entry of the audit log, page by page (limit 1000, `from` = the previous `next`). */
async function wholeLog(auditor) {
  const entries = [];
  for (let from = null; ; ) {
    const r = await auditor.call('GET', `/api/audit/log/?limit=1000${from === null ? '' : `&from=${encodeURIComponent(from)}`}`);
    if (r.status !== 200) throw new Error(`audit log: ${r.status} ${JSON.stringify(r.body)}`);
    entries.push(...r.body.entries);
    if (r.body.next === null) return entries;
    from = r.body.next;
  }
}

function countBy(values) {
  const counts = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-measure-cancel-'));
  const server = await startProduct(dataDir, {
    env: {
      SEAT_LOCK_SECONDS: '3600',
      REGISTRATION: 'open',
      MAX_SEATS_PER_USER: String(SEATS_PER_USER),
      LOCK_RATE_PER_SECOND: '1000000',
      LOCK_RATE_PER_MINUTE: '1000000',
    },
  });
  const failures = [];
  try {
    const admin = await login(server.url, 'admin', 'admin123');
    const eventId = await scheduleBigEvent(admin, 'Cancelled 100 x 100');
    const seats = USERS * SEATS_PER_USER;
    console.log(`measure-cancel: event ${eventId}; registering ${USERS} users, ${CONCURRENCY} at a time...`);

    let t = Date.now();
    const users = new Array(USERS);
    await pool([...users.keys()], CONCURRENCY, async (i) => {
      users[i] = await register(server.url, `cancel${i}`);
    });
    console.log(`measure-cancel: registered in ${round((Date.now() - t) / 1000)} s; each locks and reserves ${SEATS_PER_USER} seats...`);

    t = Date.now();
    const reservations = [];
    await pool(users, CONCURRENCY, async (user, i) => {
      const mine = Array.from({ length: SEATS_PER_USER }, (_, k) => seatOf(i * SEATS_PER_USER + k));
      for (const seat of mine) {
        const r = await user.call('POST', `/api/events/${eventId}/seats/${seat}/lock/`);
        if (r.status !== 200) throw new Error(`lock ${seat} by cancel${i}: ${r.status} ${JSON.stringify(r.body)}`);
      }
      const r = await user.call('POST', `/api/events/${eventId}/reserve/`, { seatIds: mine });
      if (r.status !== 201) throw new Error(`reserve by cancel${i}: ${r.status} ${JSON.stringify(r.body)}`);
      reservations.push(r.body.reservation.id);
    });
    console.log(`measure-cancel: ${reservations.length} reservations of ${seats} seats made in ${round((Date.now() - t) / 1000)} s; counting the history...`);

    const before = await wholeLog(admin);
    const cpuBefore = cpuMs(server.pid);
    const t0 = process.hrtime.bigint();
    const cancel = await admin.call('POST', `/api/admin/events/${eventId}/cancel/`, { reason: REASON });
    const cancelMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = cpuMs(server.pid) - cpuBefore;
    if (cancel.status !== 200 || cancel.body?.event?.status !== 'cancelled') failures.push(`cancel: ${cancel.status} ${JSON.stringify(cancel.body)}`);

    const after = await wholeLog(admin);
    const appended = after.slice(before.length);
    const grid = await admin.call('GET', `/api/events/${eventId}/seats/`);
    const held = grid.body.seats.filter((s) => s.status !== 'available').length;
    if (held) failures.push(`${held} seats still held after the cancel's 200`);
    const confirmed = await admin.call('GET', `/api/admin/reservations/?eventId=${eventId}&status=confirmed&limit=1000`);
    if (confirmed.body.reservations.length) failures.push(`${confirmed.body.reservations.length}+ reservations still confirmed after the cancel's 200`);
    const tv = Date.now();
    const verify = await admin.call('GET', '/api/audit/verify/');
    const verifyMs = Date.now() - tv;
    if (verify.body?.consistent !== true) failures.push(`verify: ${verify.status} ${JSON.stringify(verify.body).slice(0, 300)}`);

    const report = {
      seats,
      reservations: reservations.length,
      cancelMs: round(cancelMs),
      serverCpuMsDuringCancel: round(cpu),
      eventsAppended: appended.length,
      appendedByType: countBy(appended.map((e) => (e.type === 'SeatReleased' ? `SeatReleased(${e.data.reason})` : e.type))),
      historyBefore: before.length,
      historyAfter: after.length,
      verify: { consistent: verify.body?.consistent ?? null, eventsReplayed: verify.body?.eventsReplayed ?? null, ms: verifyMs },
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `\nmeasure-cancel: ${seats} seats, ${reservations.length} reservations: the cancel answered in ${report.cancelMs} ms ` +
        `(${report.serverCpuMsDuringCancel} ms of server CPU), ${appended.length} events appended ` +
        `(${round((cancelMs * 1000) / Math.max(1, appended.length))} µs per event)`,
    );
  } catch (error) {
    failures.push(`could not run: ${error.stack ?? error}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failures.length) console.error(`\nmeasure-cancel: FAILED\n  ${failures.join('\n  ')}`);
  process.exit(failures.length ? 1 : 0);
}

await main();
