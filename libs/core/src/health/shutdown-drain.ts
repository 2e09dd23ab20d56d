import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config';

/**
 * The drain before a shutdown (SIGTERM): for SHUTDOWN_DRAIN_MS `/health/ready` answers 503 so that
 * a balancer stops routing here, while every answer carries `Connection: close` and idle keep-alive
 * connections are closed, so that clients reconnect (to another instance) rather than keep this one
 * busy. Then the server stops accepting; requests in flight get HTTP_REQUEST_TIMEOUT_MS to finish,
 * after which their connections are closed and the process can exit.
 */
@Injectable()
export class ShutdownDrain implements BeforeApplicationShutdown {
  private draining = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get active(): boolean {
    return this.draining;
  }

  /** Express middleware: while draining, each answer closes its connection. */
  readonly closeConnections = (_request: Request, response: Response, next: NextFunction): void => {
    if (this.draining) response.setHeader('Connection', 'close');
    next();
  };

  async beforeApplicationShutdown(): Promise<void> {
    this.draining = true;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    server?.closeIdleConnections();
    const deadline = setTimeout(
      () => server?.closeAllConnections(),
      this.config.shutdownDrainMs + this.config.http.requestTimeoutMs,
    );
    deadline.unref();
    await sleep(this.config.shutdownDrainMs);
  }
}
