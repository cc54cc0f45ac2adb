/**
 * Graceful stop of the HTTP server (SIGTERM, SIGINT, app.close()), before the timers, the projection
 * and the stores are stopped: every request that has reached the server gets its answer, then the
 * process goes. Node's own server.close() does neither: it closes the listener at once, resetting the
 * connections still waiting in the kernel's queue (a busy Node accepts one per turn of its event loop),
 * drops every connection with no request in progress, even one whose request is in its buffer, not
 * yet read, and then waits for kept-alive connections to time out (65 s, main.ts).
 *
 * Here: the connections that were waiting are accepted (turn after turn, until a turn brings none),
 * then the listener is closed, so new connections are refused; once their requests are read, the
 * connections with nothing in progress are closed; every answer from then on carries
 * `Connection: close`, so each connection closes after its answer; whatever is still open after
 * DRAIN_TIMEOUT_MS is cut.
 */
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

/** Longer than any request takes (a command waits at most 2 s for the projection); shorter than an orchestrator's grace period. */
export const DRAIN_TIMEOUT_MS = 5000;
/** Connections that keep coming are accepted for at most this long after the signal; then new ones are refused. */
const ACCEPT_WINDOW_MS = 1000;

/** Resolves after at least one poll phase of the event loop (where connections are accepted and sockets read). */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

@Injectable()
export class GracefulShutdown implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly inFlight = new Set<ServerResponse>();
  /** Answers carry `Connection: close` from `draining` on; idle connections are closed from `closing` on. */
  private stage: 'serving' | 'draining' | 'closing' = 'serving';

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  private get server(): Server {
    return this.adapterHost.httpAdapter.getHttpServer() as Server;
  }

  onApplicationBootstrap(): void {
    this.server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (this.stage !== 'serving') res.setHeader('Connection', 'close');
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        // An answer that went out before the drain kept its connection alive: close it now that it is idle.
        if (this.stage === 'closing') setImmediate(() => this.server.closeIdleConnections());
      });
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.server.listening) return;
    this.stage = 'draining';
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    await this.acceptWaitingConnections();
    // net.Server's close, not http.Server's: stop accepting without dropping connections yet to be read.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(this.server, () => resolve()));
    await nextTurn(); // the requests of the last connections accepted are read: those are busy, not idle
    this.stage = 'closing';
    this.server.closeIdleConnections();
    const cut = setTimeout(() => {
      this.logger.warn(`${this.inFlight.size} request(s) still open after ${DRAIN_TIMEOUT_MS} ms: closing their connections`);
      this.server.closeAllConnections();
    }, DRAIN_TIMEOUT_MS);
    await closed;
    clearTimeout(cut);
  }

  private async acceptWaitingConnections(): Promise<void> {
    const until = Date.now() + ACCEPT_WINDOW_MS;
    let accepted = 0;
    const count = () => accepted++;
    this.server.on('connection', count);
    try {
      do {
        accepted = 0;
        await nextTurn();
      } while (accepted > 0 && Date.now() < until);
    } finally {
      this.server.off('connection', count);
    }
  }
}
