import { createServer } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { HttpServerConfig } from '../config';

/** How often Node checks its connections against the timeouts (its default, 30 s, is too slow). */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/**
 * Express under Nest, on a Node server whose timeouts are ours: a client that sends its headers or
 * body too slowly gets a 408 and is closed, and an idle keep-alive connection is closed after a
 * while, checked every second (Node's default checks every 30 s, long enough to exhaust sockets).
 */
export class TimedExpressAdapter extends ExpressAdapter {
  constructor(private readonly timeouts: HttpServerConfig) {
    super();
  }

  override initHttpServer(): void {
    const server = createServer(
      {
        headersTimeout: this.timeouts.headersTimeoutMs,
        requestTimeout: this.timeouts.requestTimeoutMs,
        connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
      },
      this.getInstance(),
    );
    server.keepAliveTimeout = this.timeouts.keepAliveTimeoutMs;
    this.setHttpServer(server);
  }
}
