/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a request line or headers over
 * 16 KB, a method or header that is not HTTP, a request that does not arrive in time): by default
 * Node answers those with a bare status line. Here they get a problem+json like every other error,
 * and the connection is closed, as Node does.
 */
import type { Socket } from 'node:net';
import { problemBody, PROBLEMS, type ProblemCode } from './problem';

function answerFor(code: string | undefined): [ProblemCode, string, Record<string, unknown>] {
  if (code === 'HPE_HEADER_OVERFLOW') return ['header_too_large', 'The request line or headers are too large.', {}];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return ['request_timeout', 'The request took too long to arrive.', {}];
  return ['validation_failed', 'The request is not valid HTTP.', { errors: [{ field: 'request', message: 'The request is not valid HTTP.' }] }];
}

/** Fastify's `clientErrorHandler` (app.ts): in place of its own, which answers JSON that is no problem+json. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  {
    // As Node's own handler: write only on a socket that can take it and is not halfway through an answer.
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) {
      socket.destroy();
      return;
    }
    const [code, detail, extensions] = answerFor(error.code);
    const { status, title } = PROBLEMS[code];
    const body = JSON.stringify(problemBody(code, detail, extensions));
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `Date: ${new Date().toUTCString()}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
}
