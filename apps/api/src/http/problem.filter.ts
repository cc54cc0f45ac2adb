/**
 * Turns every error into a problem+json answer. Known errors keep their sentence; anything else is
 * logged and answered with a generic 500 that carries no stack, query or internal name.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@tessera/domain';
import type { Response } from 'express';
import { StoreUnavailable, WrongExpectedVersion } from '../event-store/event-store.port';
import { Problem, PROBLEMS, problemBody, type ProblemCode } from './problem';

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(error);
    if (res.headersSent) return;
    res.status(PROBLEMS[problem.code].status);
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res.type('application/problem+json').send(JSON.stringify(problemBody(problem.code, problem.detail, problem.extensions)));
  }

  private toProblem(error: unknown): Problem {
    if (error instanceof Problem) return error;
    if (error instanceof DomainError) return new Problem(error.code as ProblemCode, error.detail, extensionsOf(error));
    if (error instanceof StoreUnavailable) {
      this.logger.warn(error.message);
      return new Problem('unavailable', `The ${error.store} is unavailable right now; nothing was changed. Try again in a moment.`);
    }
    if (error instanceof WrongExpectedVersion) {
      return new Problem('unavailable', 'Too many people are changing this right now; nothing was changed. Try again in a moment.');
    }
    if (error instanceof HttpException) return fromHttpException(error);
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return new Problem('internal_error', 'Something went wrong on our side; nothing was changed. Try again, and tell us if it keeps happening.');
  }
}

const extensionsOf = (error: DomainError): Record<string, unknown> =>
  'conflicts' in error && Array.isArray((error as { conflicts?: unknown }).conflicts) ? { conflicts: (error as { conflicts: unknown[] }).conflicts } : {};

/** Errors Nest or Express raise before our code runs: unknown route, malformed JSON, body too large. */
function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  if (status === 404) return new Problem('not_found', 'There is nothing at this address.');
  if (status === 413) return new Problem('payload_too_large', 'The request body is too large.');
  if (status === 405) return new Problem('method_not_allowed', 'This method is not allowed here.');
  if (status === 400) return new Problem('validation_failed', 'The request body is not valid JSON.');
  if (status === 429) return new Problem('rate_limited', 'Too many requests; wait a moment and try again.');
  if (status === 403) return new Problem('forbidden', 'You are not allowed to do this.');
  if (status === 401) return new Problem('unauthenticated', 'Log in first.');
  return new Problem('internal_error', 'Something went wrong on our side; nothing was changed.');
}
