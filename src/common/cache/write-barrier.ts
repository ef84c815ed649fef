import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { BeforeQueryEvent, EntitySubscriberInterface } from 'typeorm';
import { DataSource } from 'typeorm';
import { ChangeFeed } from './change-feed.js';

interface WriteState {
  wrote: boolean;
}

const storage = new AsyncLocalStorage<WriteState>();
const stateOf = new WeakMap<object, WriteState>();

/** Statements that cannot change a row (the rest count as writes: when unsure, wait). */
const READ_ONLY = /^\s*(SELECT|SHOW|START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET)\b/i;
const WRITE_WORD = /\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b/i;

export function mayWrite(sql: string): boolean {
  if (READ_ONLY.test(sql)) return false;
  if (/^\s*WITH\b/i.test(sql)) return WRITE_WORD.test(sql);
  return true;
}

/** Marks the request being handled as a writer when one of its statements may change a row. */
class WriteDetector implements EntitySubscriberInterface {
  beforeQuery(event: BeforeQueryEvent): void {
    const state = storage.getStore();
    if (state && !state.wrote && mayWrite(event.query)) state.wrote = true;
  }
}

/** Runs each handler inside a write state of its own, found again by the request in `onSend`. */
class WriteTrackingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const state: WriteState = { wrote: false };
    stateOf.set(context.switchToHttp().getRequest<FastifyRequest>(), state);
    return storage.run(state, () => next.handle());
  }
}

/**
 * The writer invalidates before it answers: a request whose handler ran a statement that may have changed a row
 * (whatever its method or status) waits, before its response is sent, until the change feed has heard a barrier
 * sent after its commits, i.e. until this instance's caches have applied its own changes. A request that wrote
 * nothing (an authentication-only POST such as `/key/health`) pays nothing. The wait is bounded by the feed (1 s,
 * then it flushes and bypasses the caches until it has reconnected).
 */
export function installWriteBarrier(app: NestFastifyApplication): void {
  const feed = app.get(ChangeFeed);
  const detector = new WriteDetector();
  const dataSource = app.get(DataSource);
  if (!dataSource.subscribers.some((s) => s instanceof WriteDetector)) dataSource.subscribers.push(detector);
  app.useGlobalInterceptors(new WriteTrackingInterceptor());
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, _reply, payload) => {
      if (stateOf.get(request)?.wrote) await feed.barrier();
      return payload;
    });
}
