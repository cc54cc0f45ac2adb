/**
 * Decorators that describe the HTTP rules in the OpenAPI document (/api/openapi.json): who must
 * send what (session cookie, CSRF header), which problem codes an operation answers, request
 * bodies that take no unknown field, and calls that take no body at all.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiParam, ApiResponse, ApiSchema, ApiSecurity, getSchemaPath, type ApiResponseOptions, type ApiSchemaOptions } from '@nestjs/swagger';
import { problemBody, PROBLEMS, type ProblemCode } from './problem';
import { PROBLEM_DOCS, ProblemSchema, type ProblemDoc } from './problem.schema';

/** Names of the security schemes (defined in openapi/openapi.ts). */
export const SESSION_SCHEME = 'session';
export const CSRF_SCHEME = 'csrf';
export const CSRF_COOKIE_SCHEME = 'csrfCookie';

/** A logged-in session: the session cookie. */
export const ApiSession = () => ApiSecurity({ [SESSION_SCHEME]: [] });

/**
 * An unsafe method: the session cookie (an anonymous one, from GET /api/csrf/, is enough for login
 * and register: the token is bound to it), the XSRF-TOKEN cookie and the X-XSRF-TOKEN header
 * carrying its value. All three in one requirement: a client generated from the document sends them together.
 */
export const ApiSessionAndCsrf = () => ApiSecurity({ [SESSION_SCHEME]: [], [CSRF_SCHEME]: [], [CSRF_COOKIE_SCHEME]: [] });

/** Public, but answers more to a logged-in caller (the seat grid's `lockedBy` and `mine`). */
export const ApiOptionalSession = () => applyDecorators(ApiSecurity({}), ApiSecurity({ [SESSION_SCHEME]: [] }));

/** What any unsafe call can answer before its own rules run: malformed JSON, no CSRF token, a body over 64 KB. */
export const UNSAFE_CALL_PROBLEMS = ['validation_failed', 'csrf_failed', 'payload_too_large'] as const satisfies readonly ProblemCode[];

/**
 * The problem answers of an operation, grouped by the status each code has (PROBLEMS): the Problem
 * schema with `code` narrowed to these codes, an example per code, the codes in the description and
 * in `x-problem-codes`. `examples` replaces the generic example of a code where the operation words it
 * differently (reserve's conflicts list).
 */
export function ApiProblems(codes: readonly ProblemCode[], examples: Partial<Record<ProblemCode, Omit<ProblemDoc, 'when'>>> = {}) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  const responses = [...byStatus].map(([status, group]) => ApiResponse(problemResponse(status, group, examples)));
  return applyDecorators(ApiExtraModels(ProblemSchema), ...responses);
}

function problemResponse(status: number, codes: ProblemCode[], overrides: Partial<Record<ProblemCode, Omit<ProblemDoc, 'when'>>>): ApiResponseOptions {
  const docs = codes.map((code) => ({ code, ...PROBLEM_DOCS[code], ...overrides[code] }));
  const response = {
    status,
    description: docs.map((d) => `\`${d.code}\`: ${d.when}.`).join('\n\n'),
    content: {
      'application/problem+json': {
        schema: { allOf: [{ $ref: getSchemaPath(ProblemSchema) }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }] },
        examples: Object.fromEntries(docs.map((d) => [d.code, { summary: PROBLEMS[d.code].title, value: problemBody(d.code, d.detail, d.extensions) }])),
      },
    },
    'x-problem-codes': codes,
    ...(codes.includes('rate_limited') ? { headers: { 'Retry-After': { description: 'Seconds to wait before the next attempt.', schema: { type: 'integer' } } } } : {}),
  };
  return response as ApiResponseOptions;
}

/**
 * A request body class whose schema takes no unknown field (`additionalProperties: false`), as the
 * validation pipe (forbidNonWhitelisted) does. @ApiSchema copies options other than `name` into the
 * schema object, which is how the keyword gets there.
 */
export const ClosedBody = (description?: string) => ApiSchema({ description, additionalProperties: false } as ApiSchemaOptions);

/** Calls that take no body (NoBodyPipe): none, or `{}`; any field is 400 validation_failed. */
export const ApiNoBody = () =>
  ApiBody({ required: false, description: 'No body, or `{}`; any field is 400 validation_failed.', schema: { type: 'object', additionalProperties: false, maxProperties: 0 } });

/** Path parameters shared by several routes. */
export const ApiEventId = () =>
  ApiParam({ name: 'eventId', description: 'An event\'s id, as GET /api/events/ gives it.', schema: { type: 'string' }, example: '8e6b1c2d-3f4a-4b5c-9d6e-7f8a9b0c1d2e' });
export const ApiSeatId = () => ApiParam({ name: 'seatId', description: 'A seat\'s id, as the seat grid gives it.', schema: { type: 'string' }, example: 'A1' });
