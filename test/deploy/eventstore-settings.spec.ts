/**
 * The EventStoreDB server settings of the compose stack and of the CI workflow's service container
 * are ones the image (24.10) reads without a deprecation warning: 23.10 renamed the interface
 * options (its ClusterVNodeOptions mark the old names Deprecated), and a later major drops them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => parse(readFileSync(join(ROOT, file), 'utf8'), { merge: true });

/** Deprecated since 23.10 → the setting to use instead. */
const RENAMED: Record<string, string> = {
  EVENTSTORE_HTTP_PORT: 'EVENTSTORE_NODE_PORT',
  EVENTSTORE_EXT_IP: 'EVENTSTORE_NODE_IP',
  EVENTSTORE_HTTP_PORT_ADVERTISE_AS: 'EVENTSTORE_NODE_PORT_ADVERTISE_AS',
  EVENTSTORE_ADVERTISE_HTTP_PORT_TO_CLIENT_AS: 'EVENTSTORE_ADVERTISE_NODE_PORT_TO_CLIENT_AS',
  EVENTSTORE_INT_IP: 'EVENTSTORE_REPLICATION_IP',
  EVENTSTORE_INT_TCP_PORT: 'EVENTSTORE_REPLICATION_PORT',
  EVENTSTORE_INT_HOST_ADVERTISE_AS: 'EVENTSTORE_REPLICATION_HOST_ADVERTISE_AS',
  EVENTSTORE_INT_TCP_PORT_ADVERTISE_AS: 'EVENTSTORE_REPLICATION_TCP_PORT_ADVERTISE_AS',
  EVENTSTORE_INT_TCP_HEARTBEAT_TIMEOUT: 'EVENTSTORE_REPLICATION_HEARTBEAT_TIMEOUT',
  EVENTSTORE_INT_TCP_HEARTBEAT_INTERVAL: 'EVENTSTORE_REPLICATION_HEARTBEAT_INTERVAL',
};

describe('EventStoreDB settings', () => {
  it.each([
    ['docker-compose.yml', () => read('docker-compose.yml').services.eventstore.environment],
    ['the CI engines job', () => read('.github/workflows/ci.yml').jobs.engines.services.eventstore.env],
  ])('%s sets no option deprecated since 23.10', (_where, environment) => {
    const deprecated = Object.keys(environment() as Record<string, string>).filter((name) => name in RENAMED);
    expect(deprecated.map((name) => `${name} (use ${RENAMED[name]})`)).toEqual([]);
  });
});
