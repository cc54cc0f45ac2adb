/**
 * Traces (issue 19, docs/observability.md): with OTEL_EXPORTER_OTLP_ENDPOINT set, the server exports
 * OTLP/HTTP to it. The server is the built one in a process of its own (OpenTelemetry's exporter
 * loads node:http with import(), which Jest's module sandbox refuses), exporting every 50 ms; the
 * collector is a small HTTP server in the test that keeps what it is sent (OTLP's JSON encoding), so
 * the test reads the spans as a tracing backend would, once they arrive: a lock's request
 * span, its command's span and its append's span in one trace, the event's metadata naming the
 * command's span, and the projection batch that applied the event linked to it.
 */
import { seatStream } from '@tessera/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wholeLog } from '../support/audit';
import { Client } from '../support/client';
import { spawnServer, type ServerProcess } from '../support/process';
import { uniqueName } from '../support/users';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: number | string } }[];
  links?: { traceId: string; spanId: string }[];
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('traces over OTLP', () => {
  let collector: Server;
  const spans: OtlpSpan[] = [];
  /** Resolves when the collector has a span for which `found` holds (the batch processor exports every 50 ms). */
  const arrived: { found: (s: OtlpSpan) => boolean; resolve: () => void }[] = [];
  let server: ServerProcess;
  let dataDir: string;
  let eventId: string;

  const spanWhere = (found: (s: OtlpSpan) => boolean): Promise<OtlpSpan> =>
    new Promise((resolve) => {
      const check = () => spans.find(found);
      const now = check();
      if (now) resolve(now);
      else arrived.push({ found, resolve: () => resolve(check()!) });
    });

  const newClient = async (prefix: string) => {
    const client = new Client(server.url);
    await client.get('/api/csrf/');
    const username = uniqueName(prefix);
    expect((await client.post('/api/register/', { username, password: `${username}-password` })).status).toBe(201);
    return client;
  };

  beforeAll(async () => {
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          for (const resource of body.resourceSpans ?? []) for (const scope of resource.scopeSpans ?? []) spans.push(...scope.spans);
          for (const waiter of [...arrived]) {
            if (spans.some(waiter.found)) {
              arrived.splice(arrived.indexOf(waiter), 1);
              waiter.resolve();
            }
          }
        }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-tracing-'));
    server = await spawnServer({
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    eventId = (await new Client(server.url).get('/api/events/')).body.events.find((e: { name: string }) => e.name === 'Concert XYZ').id;
  });
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await new Promise((resolve) => collector.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ties a lock\'s request, command and append into one trace, and links the projection batch that applied it', async () => {
    const client = await newClient('traced');
    const lock = await client.post(`/api/events/${eventId}/seats/E9/lock/`);
    expect(lock.status).toBe(200);
    const requestId = lock.headers.get('x-request-id');

    const request = await spanWhere((s) => attribute(s, 'tessera.request_id') === requestId);
    expect(request).toMatchObject({ name: 'POST /api/events/:eventId/seats/:seatId/lock', kind: 2 /* SERVER */ });
    expect(attribute(request, 'http.response.status_code')).toBe(200);
    const command = await spanWhere((s) => s.name === 'LockSeat' && s.parentSpanId === request.spanId);
    expect(command.traceId).toBe(request.traceId);
    expect(attribute(command, 'tessera.stream')).toBe(seatStream(eventId, 'E9'));
    const append = await spanWhere((s) => s.name === 'append' && s.parentSpanId === command.spanId);
    expect(append.traceId).toBe(request.traceId);

    // The event names the command's span (the auditor sees it), and the batch that projected it links to that span.
    const auditor = await new Client(server.url).login('auditor', 'auditor123');
    const locked = (await wholeLog(auditor)).find((e) => e.stream === seatStream(eventId, 'E9'))!;
    expect(locked.metadata).toMatchObject({ requestId, traceparent: `00-${command.traceId}-${command.spanId}-01` });
    const batch = await spanWhere((s) => s.name === 'project batch' && (s.links ?? []).some((l) => l.spanId === command.spanId));
    expect(batch.traceId).not.toBe(request.traceId); // a trace of its own, linked, not a child
    expect(batch.links).toContainEqual(expect.objectContaining({ traceId: command.traceId, spanId: command.spanId }));
  });

  it('continues the trace of a caller that sends a traceparent, and marks a refusal on the command\'s span', async () => {
    const client = await newClient('traced-b');
    const other = await newClient('traced-c');
    expect((await other.post(`/api/events/${eventId}/seats/E10/lock/`)).status).toBe(200);
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const refused = await client.post(`/api/events/${eventId}/seats/E10/lock/`, undefined, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(refused.status).toBe(409);

    const request = await spanWhere((s) => attribute(s, 'tessera.request_id') === refused.headers.get('x-request-id'));
    expect(request).toMatchObject({ traceId, parentSpanId: '00f067aa0ba902b7' });
    expect(attribute(request, 'http.response.status_code')).toBe(409);
    const command = await spanWhere((s) => s.name === 'LockSeat' && s.parentSpanId === request.spanId);
    expect(attribute(command, 'tessera.outcome')).toBe('seat_unavailable');
    expect(spans.some((s) => s.name === 'append' && s.parentSpanId === command.spanId)).toBe(false); // a refusal appends nothing
  });
});
