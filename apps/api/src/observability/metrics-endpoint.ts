/**
 * `GET /metrics` (api.md "Operations"): Prometheus' text format, open on the embedded default and,
 * when METRICS_TOKEN is set, only to `Authorization: Bearer <token>` (compared in constant time).
 * The API serves it as a route of its own (app.ts), the projector on its health port (projector.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { problemBody } from '../http/problem';
import { registry } from './metrics';

export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

export async function answerMetrics(authorization: string | undefined, token: string | undefined): Promise<MetricsAnswer> {
  if (token !== undefined && !(authorization?.startsWith('Bearer ') && timingSafeEqual(digest(authorization.slice(7)), digest(token)))) {
    const body = problemBody('unauthenticated', 'The metrics need the token set in METRICS_TOKEN, sent as "Authorization: Bearer <token>".');
    return { status: 401, headers: { 'Content-Type': 'application/problem+json', 'WWW-Authenticate': 'Bearer realm="metrics"' }, body: JSON.stringify(body) };
  }
  return { status: 200, headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }, body: await registry.metrics() };
}
