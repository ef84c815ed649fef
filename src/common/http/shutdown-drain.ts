import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { replyWithError } from '../errors/api-exception.filter.js';
import { serviceUnavailable } from '../errors/domain-error.js';

export const SHUTTING_DOWN_MESSAGE = 'The server is shutting down; retry shortly';

/**
 * Graceful shutdown. On SIGTERM (or `app.close()`) the requests in flight finish, requests that arrive meanwhile
 * get a 503 in their surface's envelope with `Connection: close` (a load balancer retries them elsewhere), and only
 * then do the listener and the database pool close (Nest's later shutdown steps). The wait is bounded by
 * SHUTDOWN_GRACE_MS.
 *
 * It starts in `onModuleDestroy`, the first hook of Nest's shutdown: the buffered writers (usage, audit) flush in
 * `beforeApplicationShutdown`, after the last request that could add to them has finished.
 */
@Injectable()
export class ShutdownDrain implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');
  private inFlightCount = 0;
  private drainingSince: number | null = null;
  private idle: (() => void) | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Counts a request until its response has gone out (or its connection is gone). */
  track(response: NodeJS.EventEmitter): void {
    this.inFlightCount++;
    response.once('close', () => {
      this.inFlightCount--;
      if (this.inFlightCount === 0) this.idle?.();
    });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.draining) return;
    this.drainingSince = Date.now();
    if (this.inFlightCount === 0) return;
    const graceMs = this.config.shutdownGraceMs;
    this.logger.log(`Shutting down: waiting up to ${graceMs} ms for ${this.inFlightCount} request(s) in flight`);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((resolve) => (this.idle = () => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    this.idle = null;
    if (finished) this.logger.log(`Requests in flight finished in ${Date.now() - this.drainingSince} ms`);
    else this.logger.warn(`Shutting down with ${this.inFlightCount} request(s) still in flight after ${graceMs} ms`);
  }
}

/** Counts every request, and refuses new ones (503, `Connection: close`) once the drain has begun. */
export function installShutdownDrain(app: NestFastifyApplication): void {
  const drain = app.get(ShutdownDrain);
  const logger = new Logger('Shutdown');
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!drain.draining) {
      drain.track(reply.raw);
      return;
    }
    reply.header('Connection', 'close');
    replyWithError(serviceUnavailable(SHUTTING_DOWN_MESSAGE), request, reply, logger);
    return reply;
  });
  // Answers finishing during the drain tell keep-alive clients not to send another request on this connection.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (drain.draining) reply.header('Connection', 'close');
    return payload;
  });
}
