/**
 * One logger for the whole process (issue 19, docs/observability.md): pino, JSON lines in
 * production (LOG_FORMAT=json), readable text through pino-pretty elsewhere. Nest's own messages go
 * through it too (NestLogger), so the output is one stream in one format. Nothing here ever logs a
 * header, a cookie, a body or a password: the request line (http-observer.ts) names its fields.
 */
import type { LoggerService } from '@nestjs/common';
import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config/config';

export type { Logger } from 'pino';

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat' | 'processRole'>, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    // pino's own (process id, host name) and the process's role: several instances write to one place.
    base: { pid: process.pid, hostname: hostname(), role: config.processRole },
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"info" rather than pino's numbers: what a person grepping the lines expects.
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (config.logFormat === 'pretty') {
    // Formatted in this thread and written at once: development's volumes, and nothing lost to a kill.
    // A request reads as "GET /api/events/ 200 15.1 ms" followed by its id and user.
    const messageFormat = (log: Record<string, unknown>, key: string) =>
      log[key] === 'request' ? `${log.method} ${log.path} ${log.status} ${log.ms} ms` : String(log[key] ?? '');
    return pino(
      options,
      pretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,role,method,path,route,status,ms', singleLine: true, messageFormat, destination: 1, sync: true }),
    );
  }
  // Asynchronous writes to stdout: lines written while a write is in flight go out together in the
  // next one, so a busy second costs a few system calls, not one per request. A SIGKILL may lose the
  // lines of the last write in flight, never an event.
  return pino(options, pino.destination({ dest: 1, sync: false }));
}

/** Nest's LoggerService on pino: `context` (Nest's source name) becomes a field. */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes (message, context) or, for errors, (message, stack, context). */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const stack = level === 'error' && rest.length === 2 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'string') this.logger[level]({ context, stack }, message);
    else this.logger[level]({ context, value: message }, 'value');
  }
}
