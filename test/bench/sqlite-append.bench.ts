/**
 * A quick measurement of group commit (not a test): appends/s of the SQLite event store for one
 * serial appender, then 32 concurrent appenders without and with grouping, on a file in the OS
 * temp dir (put TMPDIR on the disk you care about: every commit is an fsync).
 *
 *   npx ts-node --transpile-only test/bench/sqlite-append.bench.ts [appends]
 */
import { SqliteEventStore, SqliteEventStoreOptions } from '../../apps/api/src/event-store/sqlite/sqlite-event-store';
import { events, tempDir } from '../../apps/api/src/event-store/sqlite/sqlite-test-support';

async function run(label: string, appenders: number, total: number, options: SqliteEventStoreOptions): Promise<void> {
  const temp = tempDir();
  const store = SqliteEventStore.open(temp.file, options);
  const perAppender = Math.ceil(total / appenders);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: appenders }, async (_, a) => {
      for (let i = 0; i < perAppender; i++) {
        await store.append(`seat-bench-${a}`, events(1, { a, i }), i === 0 ? 'no_stream' : BigInt(i - 1));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { transactions, appends } = store.stats;
  console.log(
    `${label.padEnd(34)} ${String(Math.round(appends / seconds)).padStart(7)} appends/s` +
      `  (${appends} appends, ${transactions} transactions, ${(appends / transactions).toFixed(1)} per commit)`,
  );
  await store.close();
  temp.remove();
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 3200);
  await run('serial, 1 appender', 1, total, {});
  await run('32 appenders, grouping off', 32, total, { maxBatch: 1 });
  await run('32 appenders, group commit', 32, total, {});
}

void main();
