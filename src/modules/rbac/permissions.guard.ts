import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal.js';
import { ROUTE_DECISION, type RouteDecision, type ScopeSpec } from '../../auth/route-decision.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import type { DecisionContext } from './access-snapshot.js';
import { type ResourceScope, ResourceScopeRegistry } from './resource-scope.registry.js';
import { RolesService } from './roles.service.js';

type GuardedRequest = FastifyRequest & { user?: Principal };

/**
 * Global: every route's declared decision is enforced here. It only works out the scope the route names and
 * asks the engine; rules about specific rows live in the services.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly roles: RolesService,
    private readonly resourceScopes: ResourceScopeRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const decision = this.reflector.get<RouteDecision | undefined>(ROUTE_DECISION, context.getHandler());
    // Deny by default; the boot audit already refuses such routes, this is the second lock.
    if (!decision) throw new DomainError(ErrorCode.ACCESS_DENIED, 'Access denied');
    if (decision.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = request.user;
    if (!principal) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
    if (decision.kind === 'authenticated') return true;

    const route = request.routeOptions?.url ?? request.url;
    for (const target of await this.targets(decision.scope, request, principal)) {
      await this.roles.require(principal, decision.permission, target.context, { resource: target.resource, route });
    }
    return true;
  }

  private async targets(
    scope: ScopeSpec,
    request: GuardedRequest,
    principal: Principal,
  ): Promise<{ context: DecisionContext; resource?: ResourceScope }[]> {
    switch (scope.kind) {
      case 'global':
        return [{ context: { kind: 'global' } }];
      case 'personal':
        return [{ context: await this.personalContext(principal) }];
      case 'request':
      case 'request-or-personal': {
        const teamId = requestField(request, scope.field);
        if (teamId) return [{ context: { kind: 'team', teamId } }];
        return [{ context: scope.kind === 'request' ? { kind: 'any' } : await this.personalContext(principal) }];
      }
      case 'resource': {
        const found = await this.resourceScopes.get(scope.resolver)(request);
        return found.map((resource) => ({
          context: resource.teamId ? { kind: 'team', teamId: resource.teamId } : { kind: 'global' },
          resource,
        }));
      }
    }
  }

  private async personalContext(principal: Principal): Promise<DecisionContext> {
    const personalTeamId = await this.roles.personalTeamId(principal);
    return personalTeamId ? { kind: 'team', teamId: personalTeamId } : { kind: 'global' };
  }
}

/** A team id named by the request: path parameter first, then query, then JSON body. */
function requestField(request: FastifyRequest, field: string): string | null {
  for (const source of [request.params, request.query, request.body]) {
    const value = (source as Record<string, unknown> | undefined)?.[field];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}
