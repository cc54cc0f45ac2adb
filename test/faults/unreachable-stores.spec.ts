/**
 * Production engines that cannot be reached: start-up fails fast with one line naming the store
 * and its URL, and a non-zero exit (not a hang, not a stack trace).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_MAIN } from '../support/process';

function start(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-unreachable-'));
  const started = Date.now();
  const result = spawnSync(process.execPath, [SERVER_MAIN], { env: { ...process.env, DATA_DIR: dataDir, PORT: '0', ...env }, encoding: 'utf8', timeout: 20_000 });
  rmSync(dataDir, { recursive: true, force: true });
  return { ...result, seconds: (Date.now() - started) / 1000, lines: `${result.stdout}${result.stderr}`.split('\n').filter((l) => l.trim() && !l.includes(' LOG ')) };
}

describe('a server pointed at a store that is not there', () => {
  it('stops within 10 s with one line naming EventStoreDB and its URL when EVENTSTORE_URL is a closed port', () => {
    const url = 'esdb://127.0.0.1:9?tls=false';
    const r = start({ EVENT_STORE: 'eventstoredb', EVENTSTORE_URL: url });
    expect(r.status).not.toBe(0);
    expect(r.seconds).toBeLessThan(10);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^cannot start: event store unavailable: EventStoreDB at esdb:\/\/127\.0\.0\.1:9\?tls=false/);
  });

  it('stops within 10 s with one line naming MongoDB and its URL when MONGODB_URL is a closed port', () => {
    const url = 'mongodb://127.0.0.1:9/seats';
    const r = start({ READ_STORE: 'mongodb', MONGODB_URL: url });
    expect(r.status).not.toBe(0);
    expect(r.seconds).toBeLessThan(10);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toContain('cannot start: read store unavailable: MongoDB at mongodb://127.0.0.1:9/seats');
  });

  it('stops with one line naming the variable when a setting is not valid', () => {
    const r = start({ SEAT_LOCK_SECONDS: 'soon' });
    expect(r.status).not.toBe(0);
    expect(r.lines).toEqual(['configuration: SEAT_LOCK_SECONDS must be an integer from 1 to 86400, got "soon"']);
  });
});
