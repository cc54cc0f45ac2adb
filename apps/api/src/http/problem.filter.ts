/**
 * Turns every error into a problem+json answer. Known errors keep their sentence; anything else is
 * logged and answered with a generic 500 that carries no stack, query or internal name.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@tessera/domain';
import { AppendOutcomeUnknown, StoreUnavailable, WrongExpectedVersion } from '../event-store/event-store.port';
import type { HttpReply } from './http';
import { Problem, PROBLEMS, problemBody, type ProblemCode } from './problem';

@Catch()
export class ProblemFilter implements ExceptionFilter {
  /** Answers an error raised before Nest has the request (Fastify's router: a path that is not valid percent-encoding). */
  static answerFrameworkError(error: unknown, reply: HttpReply): void {
    const problem = fastifyRefusalOf(error) ?? new Problem('validation_failed', 'The request is not valid.');
    reply.status(PROBLEMS[problem.code].status).type('application/problem+json').send(JSON.stringify(problemBody(problem.code, problem.detail, problem.extensions)));
  }

  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    this.answer(error, host.switchToHttp().getResponse<HttpReply>());
  }

  /** The problem for any error, also one thrown by a route Nest does not own (Swagger UI's), which reaches Fastify's error handler. */
  answer(error: unknown, res: HttpReply): void {
    const problem = this.toProblem(error);
    if (res.sent || res.raw.headersSent) return;
    res.status(PROBLEMS[problem.code].status);
    for (const [name, value] of Object.entries(problem.headers)) res.header(name, value);
    // A refusal that leaves the request body unread closes the connection after the answer, as Node would.
    if (problem.code === 'payload_too_large') res.header('Connection', 'close');
    res.type('application/problem+json').send(JSON.stringify(problemBody(problem.code, problem.detail, problem.extensions)));
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof Problem) return error;
    if (error instanceof DomainError) return new Problem(error.code as ProblemCode, error.detail, extensionsOf(error));
    if (error instanceof StoreUnavailable) {
      this.logger.warn(error.message);
      return new Problem('unavailable', `The ${error.store} is unavailable right now; nothing was changed. Try again in a moment.`);
    }
    if (error instanceof AppendOutcomeUnknown) {
      // Unlike every other 503, something may have been written: say so, and how to retry safely.
      this.logger.warn(error.message);
      return new Problem(
        'unavailable',
        'The event store did not confirm in time whether your change was saved; it may have been. Try again in a moment: a reservation retried with the same Idempotency-Key is never made twice.',
      );
    }
    if (error instanceof WrongExpectedVersion) {
      return new Problem('unavailable', 'Too many people are changing this right now; nothing was changed. Try again in a moment.');
    }
    if (error instanceof HttpException) return fromHttpException(error);
    const refusal = fastifyRefusalOf(error) ?? clientErrorOf(error);
    if (refusal) return refusal;
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return new Problem('internal_error', 'Something went wrong on our side; nothing was changed. Try again, and tell us if it keeps happening.');
  }
}

const extensionsOf = (error: DomainError): Record<string, unknown> =>
  'conflicts' in error && Array.isArray((error as { conflicts?: unknown }).conflicts) ? { conflicts: (error as { conflicts: unknown[] }).conflicts } : {};

/**
 * Errors Nest or Fastify raise before our code runs: unknown route, body too large, a path that is
 * not valid percent-encoding (the router's URIError, which Nest turns into a 400 with the raw path in
 * its message: never echoed).
 */
function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  if (status === 404) return new Problem('not_found', 'There is nothing at this address.');
  if (status === 413) return new Problem('payload_too_large', 'The request body is too large.');
  if (status === 405) return new Problem('method_not_allowed', 'This method is not allowed here.');
  if (status === 400 && /decode param/i.test(error.message)) return badPath();
  // Fastify's body refusals, which Nest hands on as HttpExceptions with Fastify's message (the parser answers nothing else 400).
  if (status === 400 && /json|body|content-length/i.test(error.message)) return bodyProblem('The request body is not valid JSON.');
  if (status === 415) return bodyProblem('The request body must be JSON (Content-Type: application/json).');
  if (status === 400) return new Problem('validation_failed', 'The request is not valid.');
  if (status === 429) return new Problem('rate_limited', 'Too many requests; wait a moment and try again.');
  if (status === 403) return new Problem('forbidden', 'You are not allowed to do this.');
  if (status === 401) return new Problem('unauthenticated', 'Log in first.');
  return new Problem('internal_error', 'Something went wrong on our side; nothing was changed.');
}

const badPath = (): Problem =>
  new Problem('validation_failed', 'A part of the address is not valid percent-encoding.', {
    errors: [{ field: 'path', message: 'A part of the address is not valid percent-encoding (a "%" must be followed by two hexadecimal digits of UTF-8).' }],
  });

/** What Fastify's body parsing and routing refusals mean to the sender, by their error code. */
const FASTIFY_REFUSALS: Record<string, () => Problem> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new Problem('payload_too_large', 'The request body is too large (at most 64 KB).'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => bodyProblem('The request body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => bodyProblem('The request body is not valid JSON.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => bodyProblem('The request body is not as long as its Content-Length says.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => bodyProblem('The request body must be JSON (Content-Type: application/json).'),
  FST_ERR_CTP_EMPTY_TYPE: () => bodyProblem('The request body must be JSON (Content-Type: application/json).'),
  FST_ERR_CTP_INVALID_TYPE: () => bodyProblem('The request body must be JSON (Content-Type: application/json).'),
  FST_ERR_BAD_URL: () => badPath(),
  FST_ERR_ASYNC_CONSTRAINT: () => new Problem('validation_failed', 'The request is not valid.'),
};

const bodyProblem = (message: string): Problem => new Problem('validation_failed', message, { errors: [{ field: 'body', message }] });

export function fastifyRefusalOf(error: unknown): Problem | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string') return undefined;
  const known = FASTIFY_REFUSALS[code];
  if (known) return known();
  // secure-json-parse's refusal of __proto__ / constructor.prototype keys, and any other 4xx Fastify gives a body.
  if (code.startsWith('FST_ERR_CTP') || (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && code.startsWith('FST_'))) {
    return bodyProblem('The request body is not valid JSON.');
  }
  return undefined;
}

/**
 * A refusal from a plugin's own code (the static files' @fastify/send, Swagger UI's): an http-errors object with a 4xx `status` and `expose`
 * set (@fastify/send answers 416 to a Range outside the file, 412 to a failed precondition, 404 to a
 * missing file), or the router's URIError for a path it cannot decode. Without this they would be
 * 500s. Anything else with a status stays an unexpected error, logged.
 */
function clientErrorOf(error: unknown): Problem | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { status, statusCode, headers, expose } = error as { status?: unknown; statusCode?: unknown; headers?: Record<string, unknown>; expose?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499 || (expose !== true && !(error instanceof URIError))) return undefined;
  if (code === 416) {
    const range = headers?.['Content-Range'];
    return new Problem('range_not_satisfiable', 'The requested range is outside this file.', {}, typeof range === 'string' ? { 'Content-Range': range } : {});
  }
  if (code === 404) return new Problem('not_found', 'There is nothing at this address.');
  if (code === 405) return new Problem('method_not_allowed', 'This method is not allowed here.');
  if (code === 413) return new Problem('payload_too_large', 'The request body is too large.');
  if (error instanceof URIError) return badPath();
  return new Problem('validation_failed', 'The request is not valid.');
}
