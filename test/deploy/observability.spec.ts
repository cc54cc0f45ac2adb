/**
 * The monitoring half of the compose stack (deploy/prometheus, deploy/grafana; docs/deploy.md,
 * "Metrics, dashboards and alerts") agrees with the stack and with the metrics the processes
 * export (api.md "Operations"): Prometheus scrapes services that exist on the ports they listen on,
 * with the token the app expects; every rule and every dashboard panel is complete; and every
 * PromQL expression names only metrics that exist. Where promtool is present (built into
 * .tools/bin or on PATH), it checks the configuration and the rules too, and runs the alerts
 * against made-up series to show each one fires when it should and not before.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../apps/api/src/config/config';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true });
const prometheus = parse(read('deploy/prometheus/prometheus.yml'));
const alerts = parse(read('deploy/prometheus/alerts.yml'));
const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml'));
const providers = parse(read('deploy/grafana/provisioning/dashboards/tessera.yml'));
const dashboard = JSON.parse(read('deploy/grafana/dashboards/tessera.json'));
const deployDoc = read('docs/deploy.md');

/**
 * Every metric a process exports (api.md "Operations"; apps/api/src/observability/metrics.ts),
 * plus Prometheus' own `up`. Histograms also answer to their _bucket, _count and _sum series.
 */
const HISTOGRAMS = [
  'tessera_http_request_duration_seconds',
  'tessera_event_store_append_duration_seconds',
  'tessera_projection_batch_duration_seconds',
  'tessera_read_your_writes_wait_seconds',
  'nodejs_gc_duration_seconds',
];
const TESSERA_METRICS = [
  'tessera_http_request_duration_seconds',
  'tessera_commands_total',
  'tessera_concurrency_retries_total',
  'tessera_event_store_appends_total',
  'tessera_event_store_append_duration_seconds',
  'tessera_projection_position',
  'tessera_projection_lag_seconds',
  'tessera_projection_events_total',
  'tessera_projection_batch_duration_seconds',
  'tessera_read_your_writes_wait_seconds',
  'tessera_read_your_writes_timeouts_total',
  'tessera_live_locks',
  'tessera_sessions',
  'tessera_store_up',
];
/** prom-client's default metrics (no prefix) that a panel may use. */
const PROM_CLIENT_DEFAULTS = [
  'process_resident_memory_bytes',
  'process_virtual_memory_bytes',
  'process_heap_bytes',
  'process_cpu_seconds_total',
  'process_cpu_user_seconds_total',
  'process_cpu_system_seconds_total',
  'process_start_time_seconds',
  'process_open_fds',
  'process_max_fds',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_size_total_bytes',
  'nodejs_external_memory_bytes',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_gc_duration_seconds',
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
];
const KNOWN_METRICS = new Set([...TESSERA_METRICS, ...PROM_CLIENT_DEFAULTS, 'up']);

function isKnownMetric(name: string): boolean {
  if (KNOWN_METRICS.has(name)) return true;
  const histogram = name.replace(/_(bucket|count|sum)$/, '');
  return histogram !== name && HISTOGRAMS.includes(histogram);
}

/**
 * The metric names a PromQL expression selects: what is left once strings, label matchers, ranges,
 * grouping clauses, function calls, keywords and numbers are taken out. Enough for the expressions
 * we write; promtool (below, where present) parses them for real.
 */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?/g)) {
    const [, name, call] = match;
    if (call || /^(and|or|unless|bool|offset|by|without|on|ignoring|group_left|group_right|inf|nan)$/i.test(name)) continue;
    names.add(name);
  }
  return [...names];
}

interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: { refId: string; expr?: string; datasource?: { uid: string } }[];
  panels?: Panel[];
}
const allPanels: Panel[] = (dashboard.panels as Panel[]).flatMap((p) => [p, ...(p.panels ?? [])]);
const queryPanels = allPanels.filter((p) => p.type !== 'row');
const dashboardExprs = queryPanels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr ?? '' })));
const rules: { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }[] =
  alerts.groups.flatMap((g: { rules: unknown[] }) => g.rules);
const ruleExprs = rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }));

/** Services that run the app: they listen on PORT, as the server reads it. */
const appServices = Object.keys(compose.services).filter((name) => compose.services[name].environment?.PROCESS_ROLE);
const resolve = (value: unknown) => String(value).replace(/\$\{[^:}]+:-([^}]*)\}/, '$1');

/** The port a service listens on inside the compose network. */
function listenPort(service: string): number {
  const spec = compose.services[service];
  if (appServices.includes(service)) {
    const env = Object.fromEntries(Object.entries(spec.environment).map(([k, v]) => [k, resolve(v)]));
    return loadConfig({ ...env, DATA_DIR: '/tmp/tessera-compose-check' }).port;
  }
  const ports: string[] = spec.ports ?? [];
  expect(ports).toHaveLength(1);
  return Number(ports[0].split(':').pop());
}

/** host path (relative to the repository) → container path, for a service's bind mounts. */
function bindMounts(service: string): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const volume of compose.services[service].volumes ?? []) {
    const [source, target] = String(volume).split(':');
    if (source.startsWith('./')) mounts.set(source.slice(2), target);
  }
  return mounts;
}

describe('Prometheus in the compose stack', () => {
  const jobs: { job_name: string; metrics_path?: string; authorization?: { type: string; credentials_file?: string }; static_configs: { targets: string[] }[] }[] =
    prometheus.scrape_configs;
  const targetsOf = (job: (typeof jobs)[number]) => job.static_configs.flatMap((c) => c.targets);

  it('scrapes every 15 s and loads rule files that exist and are mounted beside its configuration', () => {
    expect(prometheus.global.scrape_interval).toBe('15s');
    expect(prometheus.rule_files.length).toBeGreaterThan(0);
    const mounts = bindMounts('prometheus');
    const configTarget = mounts.get('deploy/prometheus/prometheus.yml');
    expect(configTarget).toBe('/etc/prometheus/prometheus.yml');
    for (const file of prometheus.rule_files as string[]) {
      expect(existsSync(join(ROOT, 'deploy', 'prometheus', file))).toBe(true);
      expect(mounts.get(posix.join('deploy/prometheus', file))).toBe(posix.join(posix.dirname(configTarget!), file));
    }
  });

  it('scrapes only compose services, each on the port it listens on', () => {
    const targets = jobs.flatMap(targetsOf);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      const [host, port] = target.split(':');
      expect(Object.keys(compose.services)).toContain(host);
      expect({ target, port: Number(port) }).toEqual({ target, port: listenPort(host) });
    }
  });

  it('scrapes /metrics of every API instance and the projector with the token the app expects', () => {
    const scraped = new Set<string>();
    const appEnv = compose['x-app'].environment;
    expect(appEnv.METRICS_TOKEN).toBeDefined();
    // The token file is the compose config whose content is the app's METRICS_TOKEN, same default included.
    expect(compose.configs.metrics_token.content).toBe(appEnv.METRICS_TOKEN);
    const tokenTarget = compose.services.prometheus.configs.find((c: { source: string }) => c.source === 'metrics_token').target;
    for (const job of jobs) {
      const appTargets = targetsOf(job).filter((t) => appServices.includes(t.split(':')[0]));
      if (appTargets.length === 0) continue;
      appTargets.forEach((t) => scraped.add(t.split(':')[0]));
      expect(job.metrics_path).toBe('/metrics');
      expect(job.authorization?.type).toBe('Bearer');
      // Prometheus reads a relative credentials_file from its configuration's folder.
      expect(posix.resolve('/etc/prometheus', job.authorization!.credentials_file!)).toBe(tokenTarget);
    }
    expect([...scraped].sort()).toEqual([...appServices].sort());
    expect([...appServices].sort()).toEqual(['api1', 'api2', 'projector']);
  });

  it('runs Prometheus and Grafana from pinned official images', () => {
    expect(compose.services.prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(compose.services.grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(compose.services.prometheus.ports).toEqual(['9090:9090']);
    expect(compose.services.grafana.ports).toEqual(['3001:3000']);
    expect(compose.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:-.+\}$/);
  });
});

describe('the alert rules', () => {
  it('include projection lag, the 5xx rate, a store down, a target down and failing appends', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual(
      expect.arrayContaining(['TesseraAppendsFailing', 'TesseraHigh5xxRate', 'TesseraProjectionLagging', 'TesseraStoreDown', 'TesseraTargetDown']),
    );
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('each have an expression, a duration, a severity and a summary and description a person can act on', () => {
    for (const rule of rules) {
      expect({ alert: rule.alert, expr: typeof rule.expr === 'string' && rule.expr.trim().length > 0 }).toEqual({ alert: rule.alert, expr: true });
      expect({ alert: rule.alert, for: rule.for }).toEqual({ alert: rule.alert, for: expect.stringMatching(/^\d+[smh]$/) });
      expect({ alert: rule.alert, severity: rule.labels?.severity }).toEqual({ alert: rule.alert, severity: expect.stringMatching(/^(warning|critical)$/) });
      expect(rule.annotations?.summary?.length).toBeGreaterThan(10);
      expect(rule.annotations?.description).toContain('docs/deploy.md');
      // The runbook they point at names the alert.
      expect(deployDoc).toContain(`\`${rule.alert}\``);
    }
  });
});

describe('Grafana in the compose stack', () => {
  const uid = datasources.datasources[0].uid;

  it('has the stack\'s Prometheus as its default data source, under a fixed uid', () => {
    expect(datasources.datasources).toHaveLength(1);
    expect(datasources.datasources[0]).toMatchObject({ type: 'prometheus', uid: 'prometheus', isDefault: true });
    const url = new URL(datasources.datasources[0].url);
    expect(Object.keys(compose.services)).toContain(url.hostname);
    expect(Number(url.port)).toBe(listenPort(url.hostname));
  });

  it('loads the dashboards from the folder compose mounts, and the provisioning files from theirs', () => {
    const mounts = bindMounts('grafana');
    expect(mounts.get('deploy/grafana/dashboards')).toBe(providers.providers[0].options.path);
    expect(mounts.get('deploy/grafana/provisioning/datasources')).toBe('/etc/grafana/provisioning/datasources');
    expect(mounts.get('deploy/grafana/provisioning/dashboards')).toBe('/etc/grafana/provisioning/dashboards');
    expect(compose.services.grafana.depends_on.prometheus).toEqual({ condition: 'service_healthy' });
  });

  it('has a dashboard whose every panel queries that data source, described, with a unique id and a place on the grid', () => {
    expect(dashboard.uid).toBe('tessera');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(new Set(allPanels.map((p) => p.id)).size).toBe(allPanels.length);
    expect(queryPanels.length).toBeGreaterThan(10);
    for (const panel of allPanels) {
      const { x, y, w, h } = panel.gridPos;
      expect([x, y, w, h].every(Number.isInteger) && x >= 0 && w > 0 && h > 0 && x + w <= 24).toBe(true);
    }
    for (const panel of queryPanels) {
      expect({ title: panel.title, type: panel.type, uid: panel.datasource?.uid }).toEqual({ title: panel.title, type: 'timeseries', uid });
      expect(panel.description?.length).toBeGreaterThan(20);
      expect(panel.targets?.length).toBeGreaterThan(0);
      expect(new Set(panel.targets!.map((t) => t.refId)).size).toBe(panel.targets!.length);
      for (const target of panel.targets!) {
        expect(target.expr?.trim()).toBeTruthy();
        expect(target.datasource?.uid).toBe(uid);
      }
    }
  });

  it('lays no panel over another', () => {
    const overlaps = (a: Panel, b: Panel) =>
      a.gridPos.x < b.gridPos.x + b.gridPos.w && b.gridPos.x < a.gridPos.x + a.gridPos.w && a.gridPos.y < b.gridPos.y + b.gridPos.h && b.gridPos.y < a.gridPos.y + a.gridPos.h;
    const clashes = allPanels.flatMap((a, i) => allPanels.slice(i + 1).filter((b) => overlaps(a, b)).map((b) => `${a.title} / ${b.title}`));
    expect(clashes).toEqual([]);
  });

  it('shows what the issue asks for: requests, latency, 409s by code, appends, projection lag, live locks, memory', () => {
    const used = new Set(dashboardExprs.flatMap((e) => metricNames(e.expr)));
    for (const name of [
      'tessera_http_request_duration_seconds_count',
      'tessera_http_request_duration_seconds_bucket',
      'tessera_commands_total',
      'tessera_event_store_append_duration_seconds_bucket',
      'tessera_event_store_appends_total',
      'tessera_projection_lag_seconds',
      'tessera_projection_position',
      'tessera_live_locks',
      'tessera_sessions',
      'tessera_store_up',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) expect(used).toContain(name);
  });
});

describe('the PromQL in the dashboard and the alerts', () => {
  it('is read by the name finder as intended', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le, route) (rate(a_seconds_bucket{status=~"5..", x="by (y)"}[$__rate_interval])))')).toEqual(['a_seconds_bucket']);
    expect(metricNames('sum(rate(b_total[5m])) / on(instance) group_left c > 0.01 and up == 0')).toEqual(['b_total', 'c', 'up']);
  });

  it('names only metrics the processes export', () => {
    const unknown = [...dashboardExprs, ...ruleExprs].flatMap(({ where, expr }) => metricNames(expr).filter((n) => !isKnownMetric(n)).map((n) => `${where}: ${n}`));
    expect(unknown).toEqual([]);
    expect(dashboardExprs.length + ruleExprs.length).toBeGreaterThan(20);
  });

  const metricsSource = join(ROOT, 'apps', 'api', 'src', 'observability', 'metrics.ts');
  (existsSync(metricsSource) ? it : it.skip)('lists only tessera_ metrics the app registers', () => {
    const source = readFileSync(metricsSource, 'utf8');
    expect(TESSERA_METRICS.filter((name) => !source.includes(`'${name}'`))).toEqual([]);
  });
});

/** promtool: built into .tools/bin (like FerretDB, docs/ferretdb.md), else from PATH. */
const PROMTOOL = [process.env.PROMTOOL_BIN, join(ROOT, '.tools', 'bin', 'promtool')].find((p) => p && existsSync(p)) ??
  (spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0 ? 'promtool' : undefined);
const PROMTOOL_NOT_RUN = PROMTOOL ? '' : ' (NOT RUN: no promtool in .tools/bin or on PATH)';
const promtool = (args: string[], cwd?: string) => spawnSync(PROMTOOL!, args, { cwd, encoding: 'utf8' });

/** Made-up series for `promtool test rules`: each alert fires after its `for`, not before, and not on healthy values. */
const RULE_TESTS = `
rule_files: [alerts.yml]
evaluation_interval: 15s
tests:
  - name: projection lag over 1 s for a minute
    interval: 15s
    input_series:
      - series: 'tessera_projection_lag_seconds{projection="read-models",role="projector",job="tessera-projector",instance="projector:3001"}'
        values: '0.5x4 2x12'
    promql_expr_test:
      - { expr: 'ALERTS{alertname="TesseraProjectionLagging",alertstate="firing"}', eval_time: 1m, exp_samples: [] }
      - { expr: 'ALERTS{alertname="TesseraProjectionLagging",alertstate="firing"}', eval_time: 2m, exp_samples: [] }
      - expr: 'ALERTS{alertname="TesseraProjectionLagging",alertstate="firing"}'
        eval_time: 2m30s
        exp_samples: [{ labels: 'ALERTS{alertname="TesseraProjectionLagging",alertstate="firing",projection="read-models",severity="warning"}', value: 1 }]
  - name: 2 % of answers are 5xx for 5 minutes
    interval: 15s
    input_series:
      - series: 'tessera_http_request_duration_seconds_count{route="/api/x",method="POST",status="200",role="api",job="tessera-api",instance="api1:3000"}'
        values: '0+100x40'
      - series: 'tessera_http_request_duration_seconds_count{route="/api/x",method="POST",status="500",role="api",job="tessera-api",instance="api1:3000"}'
        values: '0+2x40'
    promql_expr_test:
      - { expr: 'ALERTS{alertname="TesseraHigh5xxRate",alertstate="firing"}', eval_time: 4m, exp_samples: [] }
      - expr: 'ALERTS{alertname="TesseraHigh5xxRate",alertstate="firing"}'
        eval_time: 6m
        exp_samples: [{ labels: 'ALERTS{alertname="TesseraHigh5xxRate",alertstate="firing",severity="critical"}', value: 1 }]
  - name: 0.1 % of answers are 5xx
    interval: 15s
    input_series:
      - series: 'tessera_http_request_duration_seconds_count{route="/api/x",method="POST",status="200",role="api",job="tessera-api",instance="api1:3000"}'
        values: '0+1000x40'
      - series: 'tessera_http_request_duration_seconds_count{route="/api/x",method="POST",status="500",role="api",job="tessera-api",instance="api1:3000"}'
        values: '0+1x40'
    promql_expr_test:
      - { expr: 'ALERTS{alertname="TesseraHigh5xxRate"}', eval_time: 8m, exp_samples: [] }
  - name: MongoDB down for a minute, EventStoreDB up
    interval: 15s
    input_series:
      - series: 'tessera_store_up{store="read",role="api",job="tessera-api",instance="api1:3000"}'
        values: '1 1 0x10'
      - series: 'tessera_store_up{store="event",role="api",job="tessera-api",instance="api1:3000"}'
        values: '1x12'
    promql_expr_test:
      - { expr: 'ALERTS{alertname="TesseraStoreDown",alertstate="firing"}', eval_time: 1m, exp_samples: [] }
      - expr: 'ALERTS{alertname="TesseraStoreDown",alertstate="firing"}'
        eval_time: 2m
        exp_samples: [{ labels: 'ALERTS{alertname="TesseraStoreDown",alertstate="firing",instance="api1:3000",store="read",severity="critical"}', value: 1 }]
  - name: the projector stops answering scrapes; Prometheus' own target is not watched
    interval: 15s
    input_series:
      - series: 'up{job="tessera-projector",instance="projector:3001"}'
        values: '1 0x10'
      - series: 'up{job="prometheus",instance="prometheus:9090"}'
        values: '0x11'
    promql_expr_test:
      - expr: 'ALERTS{alertname="TesseraTargetDown",alertstate="firing"}'
        eval_time: 2m
        exp_samples: [{ labels: 'ALERTS{alertname="TesseraTargetDown",alertstate="firing",job="tessera-projector",instance="projector:3001",severity="critical"}', value: 1 }]
  - name: appends fail as unavailable; conflicts do not count
    interval: 15s
    input_series:
      - series: 'tessera_event_store_appends_total{outcome="unavailable",role="api",job="tessera-api",instance="api1:3000"}'
        values: '0+1x20'
      - series: 'tessera_event_store_appends_total{outcome="wrong_expected_version",role="api",job="tessera-api",instance="api2:3000"}'
        values: '0+5x20'
    promql_expr_test:
      - { expr: 'ALERTS{alertname="TesseraAppendsFailing",alertstate="firing"}', eval_time: 1m, exp_samples: [] }
      - expr: 'ALERTS{alertname="TesseraAppendsFailing",alertstate="firing"}'
        eval_time: 3m
        exp_samples: [{ labels: 'ALERTS{alertname="TesseraAppendsFailing",alertstate="firing",instance="api1:3000",outcome="unavailable",severity="critical"}', value: 1 }]
`;

describe(`promtool${PROMTOOL_NOT_RUN}`, () => {
  (PROMTOOL ? it : it.skip)('accepts the configuration, the rules and every dashboard query, and the alerts fire as intended', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-promtool-'));
    try {
      // The configuration as mounted: rule files beside it, and the token file compose writes there.
      const config = join(ROOT, 'deploy', 'prometheus', 'prometheus.yml');
      copyFileSync(config, join(dir, basename(config)));
      for (const file of prometheus.rule_files as string[]) copyFileSync(join(dirname(config), file), join(dir, file));
      for (const job of prometheus.scrape_configs) if (job.authorization?.credentials_file) writeFileSync(join(dir, job.authorization.credentials_file), 'token');
      const checks = [
        promtool(['check', 'config', join(dir, 'prometheus.yml')]),
        promtool(['check', 'rules', join(ROOT, 'deploy', 'prometheus', 'alerts.yml')]),
        ...dashboardExprs.map(({ expr }) => promtool(['--experimental', 'promql', 'format', expr.replaceAll('$__rate_interval', '1m')])),
      ];
      writeFileSync(join(dir, 'alerts.test.yml'), RULE_TESTS);
      checks.push(promtool(['test', 'rules', 'alerts.test.yml'], dir));
      expect(checks.filter((c) => c.status !== 0).map((c) => `${c.stdout}${c.stderr}`)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
