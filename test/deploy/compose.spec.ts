/**
 * The compose stack, the CI workflow and docs/deploy.md agree with each other and with the code.
 * Where a Docker client with the compose plugin is present, `docker compose config` validates the
 * file too (no Docker engine is needed for that).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../apps/api/src/config/config';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true });
const workflow = parse(read('.github/workflows/ci.yml'));
const deployDoc = read('docs/deploy.md');
const configSource = read('apps/api/src/config/config.ts');

describe('the production-like stack', () => {
  it('has EventStoreDB, MongoDB as a replica set, two API instances, one projector, the web front, Prometheus and Grafana', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api1', 'api2', 'eventstore', 'grafana', 'mongo', 'projector', 'prometheus', 'web']);
    expect(compose.services.eventstore.image).toBe('eventstore/eventstore:24.10.0-bookworm-slim');
    expect(compose.services.mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(compose.services.web.ports).toEqual(['8080:8080']);
    for (const name of Object.keys(compose.services)) {
      expect(compose.services[name].healthcheck ?? compose.services[name].depends_on).toBeDefined();
      expect(compose.services[name].restart).toBe('unless-stopped');
    }
  });

  it('gives the API instances and the projector their roles and the production engines', () => {
    expect(compose.services.api1.environment).toMatchObject({ PROCESS_ROLE: 'api', EVENT_STORE: 'eventstoredb', READ_STORE: 'mongodb' });
    expect(compose.services.api2.environment).toMatchObject({ PROCESS_ROLE: 'api', EVENT_STORE: 'eventstoredb', READ_STORE: 'mongodb' });
    expect(compose.services.projector.environment).toMatchObject({ PROCESS_ROLE: 'projector' });
    expect(compose.services.projector.command.join(' ')).toContain('projector.js');
  });

  it('sets only variables the server reads, with values it accepts', () => {
    for (const service of ['api1', 'api2', 'projector']) {
      const env = compose.services[service].environment as Record<string, string>;
      const unknown = Object.keys(env).filter((name) => !new RegExp(`\\b${name}\\b`).test(configSource));
      expect(unknown).toEqual([]);
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[^:}]+:-([^}]*)\}/, '$1')]));
      expect(() => loadConfig({ ...resolved, DATA_DIR: '/tmp/tessera-compose-check' })).not.toThrow();
    }
  });

  it('runs the engine suites in CI against the same images the stack uses', () => {
    const services = workflow.jobs.engines.services;
    expect(services.eventstore.image).toBe(compose.services.eventstore.image);
    expect(services.mongo.image).toBe(compose.services.mongo.image);
    expect(workflow.jobs.engines.steps.map((s: { run?: string }) => s.run)).toContain('npm run test:engines');
    expect(workflow.jobs.test.steps.map((s: { run?: string }) => s.run)).toContain('npm test');
  });

  it('is described service by service in docs/deploy.md', () => {
    for (const name of Object.keys(compose.services)) expect(deployDoc).toContain(`\`${name}\``);
    for (const phrase of ['docker compose up', 'http://localhost:8080', '--scale', 'backup', 'restore', 'rebuild']) expect(deployDoc.toLowerCase()).toContain(phrase.toLowerCase());
  });

  const composePlugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  (composePlugin ? it : it.skip)('validates with docker compose config', () => {
    const result = spawnSync('docker', ['compose', 'config', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
