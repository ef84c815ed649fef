import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { DomainError, ErrorCode } from '../errors/domain-error.js';

/**
 * Every route takes a JSON (or form) object, or no body. The global ValidationPipe turns a `null` body into `{}`,
 * which would let `POST /key/generate` with the body `null` mint a key: anything but an object is refused first.
 */
@Injectable()
export class JsonObjectBodyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<FastifyRequest>().body;
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'body: the request body must be a JSON object', {
        issues: [{ loc: ['body'], msg: 'the request body must be a JSON object', type: 'dict_type' }],
      });
    }
    return next.handle();
  }
}
