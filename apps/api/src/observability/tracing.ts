/**
 * Traces with OpenTelemetry (issue 19, docs/observability.md): off unless OTEL_EXPORTER_OTLP_ENDPOINT
 * is set, and then a span per request (http-observer.ts), per command and per append
 * (decide-and-append.ts) and per projection batch (projection-runner.ts), exported over OTLP/HTTP.
 *
 * A lock's trace reaches the projector that applies it through the event itself: the append records
 * the command's span context in the event's metadata (`traceparent`, W3C Trace Context), and the
 * batch span that projects the event links to it. A link, not a parent: one batch projects many
 * requests' events, and the projection happens after the request's trace has ended.
 *
 * Off, every function here is one check of a variable: the SDK is not even loaded.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span, type Tracer } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';

let tracer: Tracer | undefined;
let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;

/** Batches projected per span link at most: a batch of 500 events from 500 requests links to the first 32. */
const MAX_LINKS = 32;

/** Starts exporting spans to `endpoint` (OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL), once per process. */
export function startTracing(endpoint: string | undefined, role: string): boolean {
  if (!endpoint) return false;
  if (provider) return true;
  // Loaded only when tracing is on (require, not import(): the API runs as CommonJS, the tests under Jest's VM).
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const tracerProvider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'tessera', 'tessera.role': role }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // The global provider, W3C trace context and an AsyncLocalStorage context manager: a command's
  // span finds the request's span as its parent across every await in between.
  tracerProvider.register();
  provider = tracerProvider;
  tracer = trace.getTracer('tessera');
  return true;
}

/** Sends what is buffered (the tests; a graceful stop). */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush();
}

// ---------------------------------------------------------------- requests

/** The request's span (a proxy's or a browser's `traceparent` is its parent), or undefined when tracing is off. */
export function startRequestSpan(req: IncomingMessage, res: ServerResponse): { span: Span; context: Context } | undefined {
  if (!tracer) return undefined;
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const method = req.method ?? 'UNKNOWN';
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  const active = trace.setSpan(parent, span);
  // The request's body and its answer are read and written in the socket's callbacks: bound to the span too.
  context.bind(active, req);
  context.bind(active, res);
  return { span, context: active };
}

export function endRequestSpan(span: Span, method: string, route: string, status: number, requestId: string): void {
  span.updateName(`${method} ${route}`);
  span.setAttributes({ 'http.route': route, 'http.response.status_code': status, 'tessera.request_id': requestId });
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Runs `fn` (the framework's handling of the request) with the request's span as the active one. */
export function withSpan<T>(active: Context | undefined, fn: () => T): T {
  return active ? context.with(active, fn) : fn();
}

// ---------------------------------------------------------------- commands, appends, projection

/** `fn` inside a span named `name`, a child of the active one; a refusal (`outcome`) is recorded as an attribute, a throw as an error. */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!tracer) return fn(undefined);
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string') span.setAttribute('tessera.outcome', code);
      else {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span as a W3C `traceparent`, for the metadata of the events appended now; undefined when tracing is off. */
export function currentTraceparent(): string | undefined {
  if (!tracer) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** A projection batch's span, linked to the spans that appended its events (their `traceparent`). */
export async function inProjectionSpan<T>(events: readonly { metadata: { traceparent?: string } }[], fn: () => Promise<T>): Promise<T> {
  if (!tracer) return fn();
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    const traceparent = e.metadata.traceparent;
    if (!traceparent || seen.has(traceparent)) continue;
    seen.add(traceparent);
    const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent }));
    if (spanContext) links.push({ context: spanContext });
    if (links.length >= MAX_LINKS) break;
  }
  // A root of its own: the projection is not part of whatever the process was doing when the events arrived.
  const span = tracer.startSpan('project batch', { kind: SpanKind.CONSUMER, links, attributes: { 'tessera.events': events.length } }, ROOT_CONTEXT);
  try {
    return await context.with(trace.setSpan(ROOT_CONTEXT, span), fn);
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
