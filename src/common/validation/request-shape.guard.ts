import { type CanActivate, type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyRequest } from 'fastify';
import { bodyEnvelopeOf, unwrapBodyEnvelope } from './body-envelope.js';
import { lastValueWins } from './query-last-value.js';

interface RouteArgument {
  index: number;
  data?: unknown;
}

/**
 * Reads the request the way FastAPI would, before anything decides on it: repeated scalar query parameters keep
 * their last value, and create bodies come in their nested shape (`@BodyEnvelope`). It runs before the permission
 * guard (see app.module.ts), which reads `team_id` from the query or the body: the guard, the pipes and the handler
 * all see the one normalized request. It decides nothing and always lets the request through (or answers 400 for a
 * body that names two different teams).
 */
@Injectable()
export class RequestShapeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const controller = context.getClass();
    const method = context.getHandler().name;
    const args = Object.entries((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArgument>).map(
      ([key, arg]) => ({ type: Number(key.split(':')[0]), ...arg }),
    );
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];

    const queryArgs = args.filter((arg) => arg.type === (RouteParamtypes.QUERY as number));
    request.query = lastValueWins(request.query, (name) =>
      queryArgs.some((arg) => {
        const type = types[arg.index];
        if (arg.data !== undefined) return arg.data === name && type === Array;
        return typeof type === 'function' && Reflect.getMetadata('design:type', (type as Type).prototype, name) === Array;
      }),
    );

    const bodyArg = args.find((arg) => arg.type === (RouteParamtypes.BODY as number) && arg.data === undefined);
    const envelope = bodyArg && bodyEnvelopeOf(types[bodyArg.index]);
    if (envelope) request.body = unwrapBodyEnvelope(request.body, envelope);
    return true;
  }
}
