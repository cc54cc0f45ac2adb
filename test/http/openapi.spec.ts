/**
 * The API reference (issue 10, api.md "Operations"): GET /api/openapi.json is a valid OpenAPI 3
 * document that names every endpoint of api.md with its statuses and problem codes; requests built
 * from its examples succeed, and every answer on the way matches the schema documented for its
 * status; its request schemas reject what the server rejects. GET /api/docs/ is Swagger UI, whose
 * assets load under the app's Content-Security-Policy.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv, { type ValidateFunction } from 'ajv';
import { RebuildService } from '../../apps/api/src/admin/rebuild/rebuild.service';
import type { Client, Reply } from '../support/client';
import { expectValidation } from '../support/problem';
import { startServer, type TestServer } from '../support/server';

type Json = any; // an OpenAPI document, read as plain JSON

/** api.md's table: the status of each problem code (independent of the implementation's own map). */
const STATUS_OF: Record<string, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  registration_closed: 403,
  not_found: 404,
  seat_unavailable: 409,
  not_lock_owner: 409,
  lock_expired: 409,
  seat_limit_reached: 409,
  not_enough_seats: 409,
  hold_cap_reached: 409,
  sales_closed: 409,
  event_cancelled: 409,
  forbidden_self_change: 409,
  account_disabled: 403,
  already_cancelled: 409,
  username_taken: 409,
  idempotency_key_reused: 422,
  rate_limited: 429,
  unavailable: 503,
};

type Endpoint = [method: string, path: string, statuses: number[], codes: string[]];

/** Every endpoint of api.md, as api.md writes it, with the statuses and problem codes it gives it. */
const API_MD: Endpoint[] = [
  ['GET', '/api/csrf', [200], []],
  ['POST', '/api/login/', [200, 400, 401, 403, 429], ['validation_failed', 'invalid_credentials', 'csrf_failed', 'account_disabled', 'rate_limited', 'unavailable']],
  ['POST', '/api/logout/', [204, 400, 403], ['validation_failed', 'csrf_failed']],
  ['GET', '/api/me/', [200, 401], ['unauthenticated']],
  ['POST', '/api/register/', [201, 400, 403, 409], ['validation_failed', 'csrf_failed', 'registration_closed', 'username_taken', 'unavailable']],
  ['GET', '/api/events/', [200], ['unavailable']],
  ['GET', '/api/events/{eventId}/', [200, 404], ['not_found', 'unavailable']],
  ['GET', '/api/events/{eventId}/seats/', [200, 304, 404], ['not_found', 'unavailable']],
  ['POST', '/api/events/{eventId}/seats/{seatId}/lock/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'not_found', 'seat_unavailable', 'seat_limit_reached', 'sales_closed', 'event_cancelled', 'unavailable']],
  ['POST', '/api/events/{eventId}/seats/{seatId}/unlock/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'not_found', 'not_lock_owner', 'unavailable']],
  [
    'POST',
    '/api/events/{eventId}/reserve/',
    [200, 201, 400, 401, 403, 404, 409, 422],
    ['validation_failed', 'unauthenticated', 'csrf_failed', 'not_found', 'seat_unavailable', 'not_lock_owner', 'lock_expired', 'sales_closed', 'event_cancelled', 'idempotency_key_reused', 'unavailable'],
  ],
  [
    'POST',
    '/api/events/{eventId}/best-available/',
    [200, 400, 401, 403, 404, 409],
    ['validation_failed', 'unauthenticated', 'csrf_failed', 'not_found', 'not_enough_seats', 'seat_limit_reached', 'sales_closed', 'event_cancelled', 'unavailable'],
  ],
  ['POST', '/api/events/{eventId}/holds/extend/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'not_found', 'not_lock_owner', 'hold_cap_reached', 'unavailable']],
  ['GET', '/api/reservations/', [200, 401], ['unauthenticated', 'unavailable']],
  ['GET', '/api/reservations/{id}/', [200, 401, 404], ['unauthenticated', 'not_found', 'unavailable']],
  ['POST', '/api/reservations/{id}/cancel/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'not_found', 'already_cancelled', 'unavailable']],
  ['POST', '/api/admin/events/', [201, 400, 401, 403], ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'unavailable']],
  ['GET', '/api/admin/users/', [200, 401, 403], ['unauthenticated', 'forbidden', 'unavailable']],
  ['POST', '/api/admin/users/', [201, 400, 401, 403, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'username_taken', 'unavailable']],
  ['POST', '/api/admin/events/{eventId}/seats/{seatId}/release/', [200, 401, 403, 404], ['unauthenticated', 'csrf_failed', 'forbidden', 'not_found', 'unavailable']],
  ['POST', '/api/admin/projections/rebuild/', [202, 401, 403], ['unauthenticated', 'csrf_failed', 'forbidden']],
  // Box office
  ['PATCH', '/api/admin/events/{eventId}/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'not_found', 'event_cancelled', 'unavailable']],
  ['POST', '/api/admin/events/{eventId}/sales/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'not_found', 'event_cancelled', 'unavailable']],
  ['POST', '/api/admin/events/{eventId}/cancel/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'not_found', 'event_cancelled', 'unavailable']],
  [
    'POST',
    '/api/admin/events/{eventId}/seats/{seatId}/block/',
    [200, 400, 401, 403, 404, 409],
    ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'not_found', 'seat_unavailable', 'event_cancelled', 'unavailable'],
  ],
  ['POST', '/api/admin/events/{eventId}/seats/{seatId}/unblock/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'not_found', 'event_cancelled', 'unavailable']],
  ['GET', '/api/admin/reservations/', [200, 400, 401, 403], ['validation_failed', 'unauthenticated', 'forbidden', 'unavailable']],
  ['POST', '/api/admin/reservations/{id}/cancel/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'not_found', 'already_cancelled', 'unavailable']],
  ['PATCH', '/api/admin/users/{userId}/', [200, 400, 401, 403, 404, 409], ['validation_failed', 'unauthenticated', 'csrf_failed', 'forbidden', 'not_found', 'forbidden_self_change', 'unavailable']],
  ['GET', '/api/admin/events/{eventId}/attendees.csv', [200, 401, 403, 404], ['unauthenticated', 'forbidden', 'not_found', 'unavailable']],
  ['GET', '/api/admin/events/{eventId}/sales/', [200, 401, 403, 404], ['unauthenticated', 'forbidden', 'not_found', 'unavailable']],
  ['GET', '/api/audit/log/', [200, 400, 401, 403], ['validation_failed', 'unauthenticated', 'forbidden', 'unavailable']],
  ['GET', '/api/audit/events/{eventId}/seats/{seatId}/history/', [200, 401, 403, 404], ['unauthenticated', 'forbidden', 'not_found', 'unavailable']],
  ['GET', '/api/audit/events/{eventId}/seats/', [200, 400, 401, 403, 404], ['validation_failed', 'unauthenticated', 'forbidden', 'not_found', 'unavailable']],
  ['GET', '/api/audit/verify/', [200, 401, 403], ['unauthenticated', 'forbidden', 'unavailable']],
  ['GET', '/api/health/', [200, 503], []],
  // Open, or behind METRICS_TOKEN (a bearer token of its own, not the session): 401 without it.
  ['GET', '/metrics', [200, 401], []],
  ['GET', '/api/openapi.json', [200], []],
  ['GET', '/api/docs/', [200], []],
];

/** Served and documented, though api.md does not list it: the admin page's rebuild progress. */
const BEYOND_API_MD: Endpoint[] = [['GET', '/api/admin/projections/rebuild/', [200, 401, 403], ['unauthenticated', 'forbidden']]];

/** A path as a key: no trailing slash, parameter names dropped (`{id}` and `{reservationId}` are the same template). */
const pathKey = (path: string): string => path.replace(/\/$/, '').replace(/\{[^}]+\}/g, '{}');

/** The document's operation for a method and an api.md path. */
function operation(doc: Json, method: string, path: string): Json {
  const template = Object.keys(doc.paths).find((p) => pathKey(p) === pathKey(path));
  return template === undefined ? undefined : doc.paths[template][method.toLowerCase()];
}

/** A JSON Schema validator for OpenAPI 3.0 schemas (ajv knows `nullable`; `example` is ignored). */
function schemaValidator(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('password', () => true);
  return ajv;
}

/** A copy in which every object schema that lists properties takes no other: answers must carry nothing undocumented. */
function closed(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'example' ? v : closed(v)]));
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

/** The body a client builds from the documented examples, as Swagger UI does. */
function exampleOf(schema: Json): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.type === 'array') return [exampleOf(schema.items)];
  if (schema.properties) return Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, exampleOf(property)]));
  throw new Error(`no example for ${JSON.stringify(schema)}`);
}

describe('the API reference', () => {
  let server: TestServer;
  let doc: Json;
  /** The same document with every $ref resolved, for validating bodies against it. */
  let resolved: Json;
  const ajv = schemaValidator();
  const validators = new Map<Json, ValidateFunction>();
  const validate = (schema: Json, value: unknown): string[] => {
    if (!validators.has(schema)) validators.set(schema, ajv.compile(schema));
    const check = validators.get(schema)!;
    return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };

  const requestSchema = (method: string, path: string): Json => operation(resolved, method, path).requestBody.content['application/json'].schema;

  /**
   * Sends a request to a documented operation and checks the answer against the document: its
   * status is documented, a JSON body matches that status's schema exactly, a problem's code is one
   * the document lists for that status.
   */
  async function call(client: Client, method: string, path: string, params: Record<string, string> = {}, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const [template, query] = path.split('?');
    const op = operation(resolved, method, template);
    const url = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name])) + (query ? `?${query}` : '');
    const reply = await client.request(method, url, body, headers);
    const response = op.responses[String(reply.status)];
    expect({ call: `${method} ${path}`, status: reply.status, documented: response !== undefined }).toEqual({ call: `${method} ${path}`, status: reply.status, documented: true });
    const type = reply.headers.get('content-type') ?? '';
    if (type.startsWith('application/problem+json')) {
      const { schema } = response.content['application/problem+json'];
      expect(validate(schema, reply.body)).toEqual([]);
      expect(response['x-problem-codes']).toContain(reply.body.code);
    } else if (type.startsWith('application/json') && response.content?.['application/json']) {
      expect({ call: `${method} ${path} ${reply.status}`, errors: validate(closed(response.content['application/json'].schema), reply.body) }).toEqual({
        call: `${method} ${path} ${reply.status}`,
        errors: [],
      });
    } else {
      expect(reply.text).toBe('');
    }
    return reply;
  }

  beforeAll(async () => {
    server = await startServer();
    const reply = await server.client().get('/api/openapi.json');
    expect(reply.status).toBe(200);
    doc = reply.body;
    resolved = await SwaggerParser.dereference(structuredClone(doc));
  });
  afterAll(() => server.close());

  describe('the document', () => {
    it('is served to anyone at /api/openapi.json, with or without a trailing slash, as JSON', async () => {
      const anonymous = server.client();
      for (const path of ['/api/openapi.json', '/api/openapi.json/']) {
        const reply = await anonymous.get(path);
        expect(reply.status).toBe(200);
        expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
        expect(reply.body.openapi).toMatch(/^3\./);
      }
    });

    it('validates as OpenAPI 3 with swagger-parser', async () => {
      await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeDefined();
      expect(doc.openapi).toMatch(/^3\.0\.\d+$/);
    });

    it.each(API_MD)('documents %s %s with its statuses and problem codes', (method, path, statuses, codes) => {
      const op = operation(doc, method, path);
      expect(op).toBeDefined();
      expect(op.operationId).toEqual(expect.any(String));
      for (const status of statuses) expect({ status, documented: String(status) in op.responses }).toEqual({ status, documented: true });
      for (const code of codes) {
        const response = op.responses[String(STATUS_OF[code])];
        expect({ code, listed: response?.['x-problem-codes']?.includes(code) }).toEqual({ code, listed: true });
        expect(response.description).toContain(`\`${code}\``);
        const media = response.content['application/problem+json'];
        expect(media.examples[code].value).toMatchObject({ status: STATUS_OF[code], code });
        expect(resolvedCodes(media.schema)).toContain(code);
      }
    });

    /** The `code` enum the response's schema narrows the Problem to. */
    function resolvedCodes(schema: Json): string[] {
      return schema.allOf.find((part: Json) => part.properties?.code?.enum).properties.code.enum;
    }

    it('documents no operation beyond api.md but the rebuild progress, which api.md does not list', () => {
      const known = new Set([...API_MD, ...BEYOND_API_MD].map(([method, path]) => `${method} ${pathKey(path)}`));
      const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as object).map((method) => `${method.toUpperCase()} ${pathKey(path)}`));
      expect(documented.filter((op) => !known.has(op))).toEqual([]);
      expect(documented).toHaveLength(API_MD.length + BEYOND_API_MD.length);
      const [, path, statuses, codes] = BEYOND_API_MD[0];
      expect(Object.keys(operation(doc, 'GET', path).responses).map(Number)).toEqual(expect.arrayContaining(statuses));
      for (const code of codes) expect(operation(doc, 'GET', path).responses[String(STATUS_OF[code])]['x-problem-codes']).toContain(code);
    });

    it('answers every problem as the reusable Problem schema with type, title, status, detail, code, errors and conflicts', () => {
      const problem = doc.components.schemas.Problem;
      expect(Object.keys(problem.properties)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'errors', 'conflicts']));
      expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
      expect(problem.properties.code.enum).toEqual(expect.arrayContaining(Object.keys(STATUS_OF)));
      for (const [path, ops] of Object.entries<Json>(doc.paths)) {
        for (const [method, op] of Object.entries<Json>(ops)) {
          for (const [status, response] of Object.entries<Json>(op.responses)) {
            if (!response['x-problem-codes']) continue;
            expect({ at: `${method} ${path} ${status}`, ref: response.content['application/problem+json'].schema.allOf[0].$ref }).toEqual({
              at: `${method} ${path} ${status}`,
              ref: '#/components/schemas/Problem',
            });
          }
        }
      }
    });

    it('describes the session cookie, the CSRF header, the CSRF cookie and the metrics token as security schemes, required together where the server requires them', () => {
      expect(doc.components.securitySchemes).toEqual({
        session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'tessera.sid' }),
        csrf: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-XSRF-TOKEN' }),
        // A client generated from the document sends the cookie too: the header alone is refused.
        csrfCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'XSRF-TOKEN' }),
        metricsToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      });
      expect(operation(doc, 'GET', '/metrics').security).toEqual([{}, { metricsToken: [] }]);
      for (const [method, path] of API_MD) {
        const { security } = operation(doc, method, path);
        const [, , , codes] = API_MD.find(([m, p]) => m === method && p === path)!;
        if (method === 'POST' || method === 'PATCH') expect({ path, security }).toEqual({ path, security: [{ session: [], csrf: [], csrfCookie: [] }] });
        else if (codes.includes('unauthenticated')) expect({ path, security }).toEqual({ path, security: [{ session: [] }] });
      }
      expect(operation(doc, 'GET', '/api/events/{eventId}/seats/').security).toEqual([{}, { session: [] }]);
      expect(operation(doc, 'GET', '/api/events/').security).toBeUndefined();
    });

    it('closes every request body to unknown fields, nested rows included', () => {
      for (const name of ['LoginBody', 'RegisterBody', 'ReserveBody', 'CreateEventBody', 'RowBody', 'CreateUserBody']) {
        expect({ name, additionalProperties: doc.components.schemas[name].additionalProperties }).toEqual({ name, additionalProperties: false });
      }
    });

    it('bounds seatIds by the configured MAX_SEATS_PER_USER', () => {
      expect(doc.components.schemas.ReserveBody.properties.seatIds.maxItems).toBe(server.config.maxSeatsPerUser);
    });
  });

  describe('Swagger UI', () => {
    it('is served to anyone at /api/docs/ and /api/docs, and every asset it names loads from this origin under the CSP', async () => {
      const anonymous = server.client();
      for (const path of ['/api/docs/', '/api/docs']) {
        const page = await anonymous.get(path);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        const csp = page.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("script-src 'self'");
        // The CSP forbids inline scripts: every script of the page has a src, on this origin.
        const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
        expect(scripts.length).toBeGreaterThan(0);
        for (const [, attributes, inline] of scripts) {
          expect(attributes).toMatch(/src="/);
          expect(inline.trim()).toBe('');
        }
        const base = new URL(path, server.url);
        const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, ref]) => new URL(ref, base));
        expect(assets.map((a) => a.pathname)).toEqual(expect.arrayContaining(['/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui-init.js', '/api/docs/swagger-ui.css']));
        for (const asset of assets) {
          expect(asset.origin).toBe(server.url);
          const reply = await anonymous.get(asset.pathname);
          expect({ asset: asset.pathname, status: reply.status }).toEqual({ asset: asset.pathname, status: 200 });
          if (asset.pathname.endsWith('.js')) expect(reply.headers.get('content-type')).toMatch(/javascript/);
          if (asset.pathname.endsWith('.css')) expect(reply.headers.get('content-type')).toMatch(/^text\/css/);
        }
      }
    });

    it('loads the same document, and sends the CSRF cookie back in X-XSRF-TOKEN on "Try it out"', async () => {
      const init = await server.client().get('/api/docs/swagger-ui-init.js');
      expect(init.text).toContain('"operationId": "reserveSeats"');
      expect(init.text).toContain('X-XSRF-TOKEN');
    });
  });

  describe('examples', () => {
    it('logs alice in with the documented login example, and the answer matches the documented schema', async () => {
      const client = server.client();
      await call(client, 'GET', '/api/csrf');
      const example = exampleOf(requestSchema('POST', '/api/login/'));
      expect(example).toEqual({ username: 'alice', password: 'alice123' });
      const reply = await call(client, 'POST', '/api/login/', {}, example);
      expect(reply.status).toBe(200);
      expect(reply.body.user).toMatchObject({ username: 'alice', roles: ['user'] });
      expect((await call(client, 'GET', '/api/me/')).status).toBe(200);
    });

    it('reserves the documented example seats after locking them, and every answer on the way matches the document', async () => {
      const alice = await server.as('alice');
      const eventId = await server.eventId();
      const example = exampleOf(requestSchema('POST', '/api/events/{eventId}/reserve/')) as { seatIds: string[] };
      expect(example.seatIds.length).toBeGreaterThan(0);
      for (const seatId of example.seatIds) expect((await call(alice, 'POST', '/api/events/{eventId}/seats/{seatId}/lock/', { eventId, seatId })).status).toBe(200);
      const key = { 'Idempotency-Key': 'openapi-example-1' };
      const reserved = await call(alice, 'POST', '/api/events/{eventId}/reserve/', { eventId }, example, key);
      expect(reserved.status).toBe(201);
      expect(reserved.body.reservation).toMatchObject({ eventName: 'Concert XYZ', seatIds: example.seatIds, status: 'confirmed' });
      const replayed = await call(alice, 'POST', '/api/events/{eventId}/reserve/', { eventId }, example, key);
      expect(replayed.status).toBe(200);
      const id = reserved.body.reservation.id;
      expect((await call(alice, 'GET', '/api/reservations/')).status).toBe(200);
      expect((await call(alice, 'GET', '/api/reservations/{id}/', { id })).status).toBe(200);
      expect((await call(alice, 'POST', '/api/reservations/{id}/cancel/', { id })).body.reservation.status).toBe('cancelled');
      expect((await call(alice, 'POST', '/api/reservations/{id}/cancel/', { id })).body.code).toBe('already_cancelled');
      expect((await call(alice, 'POST', '/api/events/{eventId}/seats/{seatId}/unlock/', { eventId, seatId: 'A3' })).body.code).toBe('not_lock_owner');
      expect((await call(alice, 'POST', '/api/events/{eventId}/reserve/', { eventId }, { seatIds: ['A3'] })).body.conflicts).toHaveLength(1);
    });

    it('answers the public reads, an anonymous caller and a stale CSRF token as documented', async () => {
      const anonymous = server.client();
      const eventId = await server.eventId();
      expect((await call(anonymous, 'GET', '/api/events/')).body.events[0]).toMatchObject({ name: 'Concert XYZ' });
      expect((await call(anonymous, 'GET', '/api/events/{eventId}/', { eventId })).body.event.rows).toHaveLength(10);
      const grid = await call(anonymous, 'GET', '/api/events/{eventId}/seats/', { eventId });
      expect((await call(anonymous, 'GET', '/api/events/{eventId}/seats/', { eventId }, undefined, { 'If-None-Match': grid.headers.get('etag')! })).status).toBe(304);
      expect((await call(anonymous, 'GET', '/api/events/{eventId}/', { eventId: 'no-such-event' })).body.code).toBe('not_found');
      expect((await call(anonymous, 'GET', '/api/me/')).body.code).toBe('unauthenticated');
      expect((await call(anonymous, 'POST', '/api/login/', {}, { username: 'alice', password: 'alice123' })).body.code).toBe('csrf_failed');
      expect((await call(anonymous, 'GET', '/api/health/')).body.status).toBe('ok');
    });

    it('registers with the documented example', async () => {
      const client = server.client();
      await call(client, 'GET', '/api/csrf');
      const reply = await call(client, 'POST', '/api/register/', {}, exampleOf(requestSchema('POST', '/api/register/')));
      expect(reply.status).toBe(201);
      expect((await call(client, 'POST', '/api/register/', {}, exampleOf(requestSchema('POST', '/api/register/')))).body.code).toBe('username_taken');
      expect((await call(client, 'POST', '/api/logout/')).status).toBe(204);
    });

    it('lets admin create the documented example event and user, and answers the admin and audit routes as documented', async () => {
      const admin = await server.as('admin');
      const eventId = await server.eventId();
      const event = await call(admin, 'POST', '/api/admin/events/', {}, exampleOf(requestSchema('POST', '/api/admin/events/')));
      expect(event.status).toBe(201);
      expect(event.body.event).toMatchObject({ name: 'Concert XYZ', venue: 'Main Hall', currency: 'EUR' });
      expect((await call(admin, 'POST', '/api/admin/users/', {}, exampleOf(requestSchema('POST', '/api/admin/users/')))).status).toBe(201);
      expect((await call(admin, 'GET', '/api/admin/users/')).status).toBe(200);
      const bob = await server.as('bob');
      await call(bob, 'POST', '/api/events/{eventId}/seats/{seatId}/lock/', { eventId, seatId: 'J12' });
      expect((await call(bob, 'GET', '/api/admin/users/')).body.code).toBe('forbidden');
      expect((await call(admin, 'POST', '/api/admin/events/{eventId}/seats/{seatId}/release/', { eventId, seatId: 'J12' })).body.seat.status).toBe('available');
      expect((await call(admin, 'POST', '/api/admin/projections/rebuild/')).status).toBe(202);
      expect((await call(admin, 'GET', '/api/admin/projections/rebuild/')).status).toBe(200);
      const auditor = await server.as('auditor');
      const page = await call(auditor, 'GET', '/api/audit/log/?limit=5');
      expect(page.body.next).toEqual(expect.any(String));
      expect((await call(auditor, 'GET', '/api/audit/log/?limit=1001')).body.code).toBe('validation_failed');
      expect((await call(auditor, 'GET', '/api/audit/events/{eventId}/seats/{seatId}/history/', { eventId, seatId: 'J12' })).body.entries.length).toBeGreaterThan(0);
      expect((await call(auditor, 'GET', `/api/audit/events/{eventId}/seats/?asOf=${encodeURIComponent(server.clock.now().toISOString())}`, { eventId })).status).toBe(200);
      await server.app.get(RebuildService).settled();
      expect((await call(auditor, 'GET', '/api/audit/verify/')).body.consistent).toBe(true);
    });
  });

  describe('request schemas', () => {
    /** Bodies the server refuses with 400 validation_failed, per endpoint; the documented schema must refuse each too. */
    const INVALID: [method: string, path: string, as: 'anonymous' | 'alice' | 'admin', bodies: [why: string, body: unknown][]][] = [
      [
        'POST',
        '/api/login/',
        'anonymous',
        [
          ['no password', { username: 'alice' }],
          ['a number for a name', { username: 5, password: 'alice123' }],
          ['an empty name', { username: '', password: 'alice123' }],
          ['a name over 64 characters', { username: 'a'.repeat(65), password: 'alice123' }],
          ['an unknown field', { username: 'alice', password: 'alice123', remember: true }],
        ],
      ],
      [
        'POST',
        '/api/register/',
        'anonymous',
        [
          ['a name too short', { username: 'ab', password: 'long enough' }],
          ['a name with a space', { username: 'car ol', password: 'long enough' }],
          ['a name over 32 characters', { username: 'c'.repeat(33), password: 'long enough' }],
          ['a password under 8 characters', { username: 'carol2', password: 'short' }],
          ['roles, which only admins give', { username: 'carol3', password: 'long enough', roles: ['admin'] }],
          ['no name', { password: 'long enough' }],
        ],
      ],
      [
        'POST',
        '/api/events/{eventId}/reserve/',
        'alice',
        [
          ['an empty list', { seatIds: [] }],
          ['a string for the list', { seatIds: 'A1' }],
          ['a seat twice', { seatIds: ['A1', 'A1'] }],
          ['a number for a seat id', { seatIds: [1] }],
          ['an empty seat id', { seatIds: [''] }],
          ['more seats than MAX_SEATS_PER_USER', { seatIds: ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10', 'B11'] }],
          ['another payment method', { seatIds: ['A1'], paymentMethod: 'cash' }],
          ['an unknown field', { seatIds: ['A1'], userId: 'someone-else' }],
          ['no seatIds', {}],
        ],
      ],
      [
        'POST',
        '/api/admin/events/',
        'admin',
        [
          ['no rows', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR' }],
          ['an empty row list', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [] }],
          ['an empty name', { name: '', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 12, price: '50.00' }] }],
          ['a time that is no time', { name: 'Gala', venue: 'Main Hall', startsAt: 'next tuesday', currency: 'EUR', rows: [{ label: 'A', seats: 12, price: '50.00' }] }],
          ['a lower-case currency', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'eur', rows: [{ label: 'A', seats: 12, price: '50.00' }] }],
          ['a lower-case row label', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'a', seats: 12, price: '50.00' }] }],
          ['no seats in a row', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 0, price: '50.00' }] }],
          ['over 200 seats in a row', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 201, price: '50.00' }] }],
          ['a fraction of a seat', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 1.5, price: '50.00' }] }],
          ['a string for a seat count', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: '12', price: '50.00' }] }],
          ['a price without cents', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 12, price: '50' }] }],
          ['a number for a price', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 12, price: 50 }] }],
          ['an unknown field in a row', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 12, price: '50.00', vip: true }] }],
          ['an unknown field', { name: 'Gala', venue: 'Main Hall', startsAt: '2027-12-22T20:00:00.000Z', currency: 'EUR', rows: [{ label: 'A', seats: 12, price: '50.00' }], id: 'mine' }],
        ],
      ],
      [
        'POST',
        '/api/admin/users/',
        'admin',
        [
          ['no roles', { username: 'erin', password: 'long enough', roles: [] }],
          ['an unknown role', { username: 'erin', password: 'long enough', roles: ['root'] }],
          ['a role twice', { username: 'erin', password: 'long enough', roles: ['user', 'user'] }],
          ['a name too short', { username: 'e', password: 'long enough', roles: ['user'] }],
          ['a password under 8 characters', { username: 'erin', password: 'short', roles: ['user'] }],
          ['an unknown field', { username: 'erin', password: 'long enough', roles: ['user'], admin: true }],
        ],
      ],
      ['POST', '/api/events/{eventId}/seats/{seatId}/lock/', 'alice', [['any field', { seatId: 'A1' }]]],
      ['POST', '/api/events/{eventId}/seats/{seatId}/unlock/', 'alice', [['any field', { force: true }]]],
      ['POST', '/api/reservations/{id}/cancel/', 'alice', [['any field', { reason: 'changed my mind' }]]],
      ['POST', '/api/logout/', 'alice', [['any field', { everywhere: true }]]],
    ];

    const clientAs = async (as: 'anonymous' | 'alice' | 'admin'): Promise<Client> => {
      if (as !== 'anonymous') return server.as(as);
      const client = server.client();
      await client.get('/api/csrf/');
      return client;
    };

    describe.each(INVALID)('%s %s', (method, path, as, bodies) => {
      it.each(bodies)('refuses %s, and so does the documented schema', async (_why, body) => {
        const client = await clientAs(as);
        const params = { eventId: await server.eventId(), seatId: 'A5', id: '3f2b8c1e-5d4a-4b7e-9c2f-1a6d8e0b7c55' };
        const reply = await call(client, method, path, params, body);
        expectValidation(reply);
        expect(validate(requestSchema(method, path), body)).not.toEqual([]);
      });
    });

    it.each([
      ['POST', '/api/login/'],
      ['POST', '/api/register/'],
      ['POST', '/api/events/{eventId}/reserve/'],
      ['POST', '/api/admin/events/'],
      ['POST', '/api/admin/users/'],
    ])('accepts the documented example of %s %s', (method, path) => {
      expect(validate(requestSchema(method, path), exampleOf(requestSchema(method, path)))).toEqual([]);
    });

    it('accepts what the server accepts beyond the examples: no payment method, no body or {} where none is taken', () => {
      expect(validate(requestSchema('POST', '/api/events/{eventId}/reserve/'), { seatIds: ['A1'] })).toEqual([]);
      expect(validate(requestSchema('POST', '/api/events/{eventId}/seats/{seatId}/lock/'), {})).toEqual([]);
      expect(operation(doc, 'POST', '/api/events/{eventId}/seats/{seatId}/lock/').requestBody.required).toBe(false);
    });
  });
});
