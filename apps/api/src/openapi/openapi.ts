/**
 * The API reference (api.md "Operations"): the OpenAPI 3 document generated from the controllers,
 * the request DTOs and the response schemas, served at GET /api/openapi.json, and Swagger UI on it
 * at GET /api/docs/. Public, like the contract it describes.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type SchemaObject } from '@nestjs/swagger';
import { CSRF_COOKIE, CSRF_HEADER } from '../auth/csrf';
import { CSRF_COOKIE_SCHEME, CSRF_SCHEME, SESSION_SCHEME } from '../http/api-docs';
import { ReserveBody } from '../reservations/reserve-seats/reserve-seats.dto';
import { CreateEventBody } from '../admin/admin.dto';

export const DOCS_PATH = '/api/docs';
export const DOCUMENT_PATH = '/api/openapi.json';

export interface ApiReferenceOptions {
  sessionCookie: string;
  /** MAX_SEATS_PER_USER: the one request limit that depends on configuration. */
  maxSeatsPerUser: number;
}

const DESCRIPTION = `
Event-sourced seat reservation: lock seats for a few minutes, reserve several at once, list and cancel reservations;
admins run events and users, auditors read and replay the whole history.

- Every path starts with \`/api/\`; a trailing slash is optional (\`/api/events\` and \`/api/events/\` are the same).
- Bodies are JSON with camelCase fields; times are ISO-8601 UTC; money is a decimal string with two places plus a \`currency\`.
- Errors are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\`; each operation lists the codes it answers
  (in each response's description and its \`x-problem-codes\`).
- Sessions: \`GET /api/csrf/\` sets the cookie \`${CSRF_COOKIE}\`; every unsafe call (POST), login included, sends its current value
  in the header \`${CSRF_HEADER}\`. Login sets the session cookie and rotates the token. In this page, call \`GET /api/csrf/\` once:
  "Try it out" then sends the header by itself.
- Demo data: users \`alice\`/\`alice123\`, \`bob\`/\`bob123\`, \`admin\`/\`admin123\`, \`auditor\`/\`auditor123\`;
  the event "Concert XYZ" with rows A–J of 12 seats at 50.00 EUR.
`.trim();

export function openApiDocument(app: NestFastifyApplication, options: ApiReferenceOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tessera API')
    .setDescription(DESCRIPTION)
    .setVersion('0.1.0')
    .addCookieAuth(
      options.sessionCookie,
      { type: 'apiKey', in: 'cookie', name: options.sessionCookie, description: 'The session (HttpOnly). Login and register bind the CSRF token to the anonymous session GET /api/csrf/ starts.' },
      SESSION_SCHEME,
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: CSRF_HEADER, description: `The current value of the cookie ${CSRF_COOKIE} (GET /api/csrf/ sets it), on every unsafe method.` }, CSRF_SCHEME)
    .addApiKey(
      { type: 'apiKey', in: 'cookie', name: CSRF_COOKIE, description: `The cookie GET /api/csrf/ sets; sent back with every unsafe method beside the ${CSRF_HEADER} header carrying its value (double submit): without it the header alone is refused (403 csrf_failed).` },
      CSRF_COOKIE_SCHEME,
    )
    .addTag('session', 'CSRF token, login, logout, registration')
    .addTag('events', 'Events and their seat grids (public)')
    .addTag('seats', 'Locking and releasing seats')
    .addTag('reservations', 'Reserving, listing and cancelling')
    .addTag('admin', 'Role admin: events, users, seat release, read-model rebuild')
    .addTag('audit', 'Role auditor or admin: history, time travel, verification')
    .addTag('operations', 'Health and this reference')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  limitSeatIds(document, options.maxSeatsPerUser);
  oneSeatMapForm(document);
  describeReference(document);
  return document;
}

/** Serves the document and Swagger UI; the document is built on the first request, not at start-up. */
export function serveApiReference(app: NestFastifyApplication, options: ApiReferenceOptions): void {
  SwaggerModule.setup(DOCS_PATH.slice(1), app, () => openApiDocument(app, options), {
    jsonDocumentUrl: DOCUMENT_PATH.slice(1),
    raw: ['json'],
    customSiteTitle: 'Tessera API reference',
    swaggerOptions: { requestInterceptor: sendCsrfHeader, displayOperationId: true, tryItOutEnabled: false },
  });
}

/**
 * Runs in the browser (Swagger UI serialises it into swagger-ui-init.js): sends the XSRF-TOKEN
 * cookie's value in X-XSRF-TOKEN, as Angular's HttpClient does. Self-contained on purpose.
 */
function sendCsrfHeader(request: { headers: Record<string, string> }) {
  const cookie = (globalThis as unknown as { document: { cookie: string } }).document.cookie;
  const token = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(cookie);
  if (token && !request.headers['X-XSRF-TOKEN']) request.headers['X-XSRF-TOKEN'] = decodeURIComponent(token[1]);
  return request;
}

/** ReserveBody's DTO bounds seatIds loosely; the controller holds it to MAX_SEATS_PER_USER, and so does the document. */
function limitSeatIds(document: OpenAPIObject, max: number): void {
  const schema = document.components?.schemas?.[ReserveBody.name] as SchemaObject | undefined;
  const seatIds = schema?.properties?.seatIds as SchemaObject | undefined;
  if (!seatIds) throw new Error('openapi: ReserveBody.seatIds is missing from the document');
  seatIds.maxItems = max;
}

/** A new event's seat map is either `rows` or `sections` with `categories`, never both (api.md "Venue layouts"). */
function oneSeatMapForm(document: OpenAPIObject): void {
  const schema = document.components?.schemas?.[CreateEventBody.name] as SchemaObject | undefined;
  if (!schema?.properties?.rows || !schema.properties.sections) throw new Error('openapi: CreateEventBody\'s seat map is missing from the document');
  schema.oneOf = [{ required: ['rows'] }, { required: ['sections', 'categories'] }];
  schema.example = {
    name: 'Concert XYZ',
    venue: 'Main Hall',
    startsAt: '2027-12-22T20:00:00.000Z',
    currency: 'EUR',
    categories: [
      { key: 'premium', name: 'Premium', price: '80.00' },
      { key: 'standard', name: 'Standard', price: '45.00' },
    ],
    sections: [
      {
        key: 'stalls',
        name: 'Stalls',
        rows: [
          { label: '1', seats: 20, category: 'premium', aislesAfter: [5, 15], accessible: [1, 20] },
          { label: '2', seats: 22, firstNumber: 101, category: 'standard' },
        ],
      },
      { key: 'balcony', name: 'Balcony', rows: [{ label: 'A', seats: 12, category: 'standard' }] },
    ],
  };
}

/** The routes no controller declares: the two SwaggerModule serves itself, and Prometheus' scrape (app.ts). */
function describeReference(document: OpenAPIObject): void {
  document.paths['/metrics'] = {
    get: {
      operationId: 'getMetrics',
      tags: ['operations'],
      summary: 'Prometheus metrics of this process',
      description:
        'Prometheus\' text format (docs/observability.md lists the series). Open when METRICS_TOKEN is unset; when it is set, only with `Authorization: Bearer <token>`.',
      security: [{}, { metricsToken: [] }],
      responses: {
        200: { description: 'The metrics.', content: { 'text/plain; version=0.0.4': { schema: { type: 'string' } } } },
        401: { description: 'METRICS_TOKEN is set and the request does not carry it (`unauthenticated`).', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    },
  };
  document.components = { ...document.components, securitySchemes: { ...document.components?.securitySchemes, metricsToken: { type: 'http', scheme: 'bearer', description: 'The value of METRICS_TOKEN, for GET /metrics only.' } } };
  document.paths[DOCUMENT_PATH] = {
    get: {
      operationId: 'getOpenApiDocument',
      tags: ['operations'],
      summary: 'This document',
      description: 'The OpenAPI 3 document of the whole contract, generated from the code. Public.',
      responses: { 200: { description: 'The document.', content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } } },
    },
  };
  document.paths[DOCS_PATH] = {
    get: {
      operationId: 'getApiDocs',
      tags: ['operations'],
      summary: 'Swagger UI on this document',
      description: 'Public. Served at /api/docs/ (the trailing slash is optional, as everywhere).',
      responses: { 200: { description: 'The Swagger UI page.', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  };
}
