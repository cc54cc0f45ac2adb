/**
 * A measurement of the projection runner writing into the MongoDB read store over FerretDB (issue 9;
 * not a test: figures and findings in docs/ferretdb.md). One SQLite event store and one FerretDB on
 * temp dirs, one show of BENCH_ROWS x BENCH_SEATS_PER_ROW seats (default 100 x 100; 12 x 10 is the
 * demo show of the scale-out suite):
 *
 *   1. schedule: the show's ShowScheduled projected (one seat document per seat).
 *   2. catch-up: `events` seat locks and unlocks appended one per append (as commands do, on random
 *      seats, by 30 users) while no projector runs, then a projector started: events/s to the head.
 *   3. live: a projector on its own connection to the file (it polls, as the projector process of
 *      the scale-out does), 30 clients each locking and unlocking seats of their own for `liveSeconds`,
 *      every append followed by a wait for the read models to reach it (read-your-writes): events/s,
 *      the waits' p50 / p99 / max, and how many took longer than the API's 2 s bound.
 *
 * Each phase also prints the CPU per event of FerretDB (from /proc) and of this process. A phase in
 * which the projector applies nothing for BENCH_STALL_SECONDS (default 60) ends the run as stalled.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register test/bench/ferretdb-projection.bench.ts [events] [liveSeconds]
 *
 * FERRETDB_LOG=debug prints every command and SQL statement FerretDB runs (on stderr);
 * FERRETDB_DEBUG_ADDR=127.0.0.1:8088 serves its pprof (go tool pprof http://127.0.0.1:8088/debug/pprof/profile?seconds=10);
 * FERRETDB_BIN=… runs another FerretDB build. For the projector's CPU profile: node --cpu-prof -r ts-node/register/transpile-only -r tsconfig-paths/register ….
 */
import { isLive, layoutFromRows, seatDecider, seatsOf, storedTypeOf, seatStream, showStream, type SeatCommand, type SeatState } from '@tessera/domain';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EventStore, NewEvent, Position } from '../../apps/api/src/event-store/event-store.port';
import { SqliteEventStore } from '../../apps/api/src/event-store/sqlite/sqlite-event-store';
import { tempDir } from '../../apps/api/src/event-store/sqlite/sqlite-test-support';
import { ProjectionRunner } from '../../apps/api/src/projections/projection-runner';
import { MongoReadStore } from '../../apps/api/src/read-store/mongodb/mongodb-read-store';
import { startFerretDb } from '../support/ferretdb';

const SHOW = 'bench-show';
const ROWS = Array.from({ length: Number(process.env.BENCH_ROWS ?? 100) }, (_, r) => ({ label: `R${r + 1}-`, seats: Number(process.env.BENCH_SEATS_PER_ROW ?? 100), price: '50.00' }));
const SEATS = seatsOf(layoutFromRows(ROWS)).map((s) => s.seatId);
const USERS = 30;
const WAIT_BOUND_MS = 2000;

/** Seat streams as a command handler sees them: folded state and revision, per seat. */
class Seats {
  private readonly seats = new Map<string, { state: SeatState; revision: bigint | undefined }>();
  constructor(private readonly store: EventStore) {}

  /** Locks the seat if free (or its lock has run out), unlocks it if held: one event, one append. */
  async toggle(seatId: string, user: number): Promise<Position> {
    const seat = this.seats.get(seatId) ?? { state: seatDecider.initialState(), revision: undefined };
    const now = new Date();
    const userId = `user-${user}`;
    const command: SeatCommand =
      seat.state.status === 'locked' && isLive(seat.state.lockedUntil, now)
        ? { type: 'UnlockSeat', data: { showId: SHOW, seatId, userId: seat.state.userId } }
        : { type: 'LockSeat', data: { showId: SHOW, seatId, userId, username: userId, lockSeconds: 300, heldInShow: 0, maxSeatsPerUser: 10 } };
    const decided = [...seatDecider.decide(command, seat.state, now)];
    const result = await this.store.append(seatStream(SHOW, seatId), decided.map(newEvent), seat.revision ?? 'no_stream');
    this.seats.set(seatId, { state: decided.reduce(seatDecider.evolve, seat.state), revision: result.nextExpectedRevision });
    return result.position;
  }
}

const newEvent = (e: { type: string; data: unknown }): NewEvent => {
  const correlationId = randomUUID();
  return { id: randomUUID(), type: e.type, data: e.data, metadata: { userId: 'bench', correlationId, causationId: correlationId } };
};

const seconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e9;

/** CPU milliseconds (user + system) used so far by FerretDB and by this process (the projector's side). */
function cpuMs(ferretPid: number): { ferret: number; node: number } {
  const fields = readFileSync(`/proc/${ferretPid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  const { user, system } = process.cpuUsage();
  return { ferret: (ticks * 1000) / 100, node: (user + system) / 1000 }; // USER_HZ is 100 on Linux
}
/** CPU per event since `from`: what a busy machine cannot hide. */
function cpuPerEvent(ferretPid: number, from: { ferret: number; node: number }, events: number): string {
  const now = cpuMs(ferretPid);
  return `CPU per event: FerretDB ${((now.ferret - from.ferret) / events).toFixed(2)} ms, projector ${((now.node - from.node) / events).toFixed(2)} ms`;
}
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** A phase whose projector applies nothing for STALL_MS is reported as stalled and ends the run (FerretDB can hang: docs/ferretdb.md). */
const STALL_MS = Number(process.env.BENCH_STALL_SECONDS ?? 60) * 1000;
async function phase<T>(name: string, runner: ProjectionRunner, work: Promise<T>): Promise<T> {
  let lastApplied = Date.now();
  runner.onApplied(() => (lastApplied = Date.now()));
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (Date.now() - lastApplied > STALL_MS) reject(new Error(`${name}: the projector applied nothing for ${STALL_MS / 1000} s`));
    }, 1000);
  });
  try {
    return await Promise.race([work, stalled]);
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 2000);
  const liveSeconds = Number(process.argv[3] ?? 10);
  if (SEATS.length < USERS) throw new Error(`the live phase gives each of ${USERS} clients seats of its own: ${SEATS.length} seats are too few`);
  const ferret = await startFerretDb({
    logLevel: process.env.FERRETDB_LOG === 'debug' ? 'debug' : 'error',
    onLog: process.env.FERRETDB_LOG === 'debug' ? (chunk) => process.stderr.write(chunk) : undefined,
    debugAddr: process.env.FERRETDB_DEBUG_ADDR,
  });
  const temp = tempDir();
  const writer = SqliteEventStore.open(temp.file);
  const reads = await MongoReadStore.connect(`${ferret.url}tessera_bench`);
  try {
    // 1. The show.
    await writer.append(showStream(SHOW), [newEvent({ type: storedTypeOf('ShowScheduled'), data: { showId: SHOW, name: 'Bench', venue: 'Hall', startsAt: new Date().toISOString(), currency: 'EUR', layout: layoutFromRows(ROWS), scheduledAt: new Date().toISOString() } })], 'no_stream');
    let t = process.hrtime.bigint();
    let cpu = cpuMs(ferret.pid);
    let runner = new ProjectionRunner(writer, reads);
    await phase('schedule', runner, runner.start());
    const scheduled = cpuMs(ferret.pid);
    console.log(`schedule   ${SEATS.length} seat documents in ${seconds(t).toFixed(2)} s (CPU: FerretDB ${Math.round(scheduled.ferret - cpu.ferret)} ms, projector ${Math.round(scheduled.node - cpu.node)} ms)`);
    await runner.stop();

    // 2. A backlog, then a projector catching up with it.
    const seats = new Seats(writer);
    for (let i = 0; i < total; i++) await seats.toggle(SEATS[Math.floor(Math.random() * SEATS.length)], i % USERS);
    t = process.hrtime.bigint();
    cpu = cpuMs(ferret.pid);
    runner = new ProjectionRunner(writer, reads);
    await phase('catch-up', runner, runner.start());
    const catchUp = seconds(t);
    console.log(`catch-up   ${String(Math.round(total / catchUp)).padStart(6)} events/s  (${total} events in ${catchUp.toFixed(2)} s; ${cpuPerEvent(ferret.pid, cpu, total)})`);
    await runner.stop();

    // 3. Live: the projector reads the file through its own connection (polling, as another process).
    const projectorEvents = SqliteEventStore.open(temp.file);
    runner = new ProjectionRunner(projectorEvents, reads);
    await phase('live start', runner, runner.start());
    const waits: number[] = [];
    let appended = 0;
    t = process.hrtime.bigint();
    cpu = cpuMs(ferret.pid);
    const until = Date.now() + liveSeconds * 1000;
    await phase('live', runner, Promise.all(
      Array.from({ length: USERS }, async (_, user) => {
        const own = SEATS.filter((_, i) => i % USERS === user).slice(0, 10);
        for (let i = 0; Date.now() < until; i++) {
          const position = await seats.toggle(own[i % own.length], user);
          appended++;
          const sent = performance.now();
          await runner.waitFor(position, Number.POSITIVE_INFINITY);
          waits.push(performance.now() - sent);
        }
      }),
    ));
    const live = seconds(t);
    waits.sort((a, b) => a - b);
    console.log(
      `live       ${String(Math.round(appended / live)).padStart(6)} events/s  (${USERS} clients, ${appended} events in ${live.toFixed(1)} s; ` +
        `read-your-writes wait p50 ${Math.round(percentile(waits, 50))} ms, p99 ${Math.round(percentile(waits, 99))} ms, ` +
        `max ${Math.round(waits[waits.length - 1] ?? 0)} ms, ${waits.filter((w) => w > WAIT_BOUND_MS).length} over ${WAIT_BOUND_MS} ms; ${cpuPerEvent(ferret.pid, cpu, appended)})`,
    );
    await runner.stop();
    await projectorEvents.close();
  } finally {
    // FerretDB first: a stalled run has commands in flight that only its end releases.
    await ferret.stop();
    await reads.close().catch(() => undefined);
    await writer.close().catch(() => undefined);
    temp.remove();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
