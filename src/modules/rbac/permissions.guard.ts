import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal.js';
import { ROUTE_DECISION, type RouteDecision, type ScopeSpec, type TeamAudience } from '../../auth/route-decision.js';
import { AUDIT_RECORDER, type AuditRecorder, auditActorOf } from '../../common/audit/audit-recorder.js';
import { originOf } from '../../common/audit/request-origin.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { Metrics } from '../../common/metrics/metrics.js';
import { type DecisionContext, OWN_NEW_TEAM, type ResourceFacts } from './access-snapshot.js';
import { AuthorizedTarget, recordAuthorizedTarget } from './authorized-target.js';
import { type ResolvedResource, ResourceScopeRegistry, type ScopeReferences, TEAM_RESOLVER } from './resource-scope.registry.js';
import { RolesService } from './roles.service.js';
import { readScopeField } from './scope-field.reader.js';

type GuardedRequest = FastifyRequest & { user?: Principal };

const REFUSALS: ReadonlySet<ErrorCode> = new Set([ErrorCode.ACCESS_DENIED, ErrorCode.NOT_FOUND]);

/**
 * Global: every route's declared decision is enforced here. The guard reads the route's scope from the one place
 * the route declares, asks the engine about exactly that target, and hands the authorized target to the handler
 * (`@Authorized()`). It holds no rules of its own: the engine decides, resolvers only find.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly roles: RolesService,
    private readonly resourceScopes: ResourceScopeRegistry,
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
    private readonly metrics: Metrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const decision = this.reflector.get<RouteDecision | undefined>(ROUTE_DECISION, context.getHandler());
    // Deny by default; the boot audit already refuses such routes, this is the second lock.
    if (!decision) throw new DomainError(ErrorCode.ACCESS_DENIED, 'Access denied');
    if (decision.kind === 'public') return true;
    // `portcullis_access_decisions_total`: every allow and every refusal (403, or the 404 of what the caller may
    // not see), counted here once.
    const permission = decision.kind === 'permission' ? decision.permission : 'authenticated';
    try {
      await this.decide(context, decision);
      this.metrics.decision('allow', permission);
      return true;
    } catch (error) {
      if (error instanceof DomainError && REFUSALS.has(error.code)) this.metrics.decision('deny', permission);
      throw error;
    }
  }

  private async decide(context: ExecutionContext, decision: Exclude<RouteDecision, { kind: 'public' }>): Promise<void> {
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = request.user;
    if (!principal) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
    const route = request.routeOptions?.url ?? request.url;
    // An API token's address, time and server restrictions hold on every route it calls, authenticated-only ones too.
    await this.roles.requireRequestAllowed(principal, { clientIp: request.ip ?? null, path: request.url.split('?', 1)[0] }, route);
    if (decision.kind === 'authenticated') return;

    try {
      const target = await this.authorize(
        [decision.permission, ...(decision.alternatives ?? [])],
        decision.scope,
        request,
        principal,
        route,
      );
      recordAuthorizedTarget(request, target);
    } catch (error) {
      if (isAdministrative(decision) && error instanceof DomainError && error.code === ErrorCode.ACCESS_DENIED) {
        this.audit.record({
          type: 'access_denied',
          outcome: 'denied',
          actor: auditActorOf(principal),
          target: { type: 'route', name: `${request.method} ${route}` },
          reason: 'permission_denied',
          details: { permission: decision.permission, scope: decision.scope.kind },
          origin: originOf(request),
        });
      }
      throw error;
    }
  }

  private async authorize(
    [permission, ...alternatives]: string[],
    scope: ScopeSpec,
    request: GuardedRequest,
    principal: Principal,
    route: string,
  ): Promise<AuthorizedTarget> {
    const decide = async (context: DecisionContext, resource?: ResourceFacts, resourceLabel?: string) => {
      for (const alternative of alternatives) {
        if ((await this.roles.decide(principal, alternative, context, resource, route)).granted) return;
      }
      await this.roles.require(principal, permission, context, { resource, route, resourceLabel });
    };
    switch (scope.kind) {
      case 'global': {
        await decide({ kind: 'global' }, scope.ownNewTeam ? OWN_NEW_TEAM : undefined);
        return AuthorizedTarget.create({ kind: 'global' }, null, []);
      }
      case 'personal':
        return this.inPersonalTeam(principal, decide);
      case 'team': {
        const teamId = readScopeField(request, scope.field) as string | undefined;
        if (teamId === undefined) {
          if (scope.whenAbsent === 'personal-and-any') await decide({ kind: 'any' });
          if (scope.whenAbsent !== 'any') return this.inPersonalTeam(principal, decide);
          await decide({ kind: 'any' });
          return AuthorizedTarget.create({ kind: 'any' }, null, []);
        }
        const context: DecisionContext = { kind: 'team', teamId };
        // Team facts count only where the team itself is read; elsewhere the permission alone decides, and the
        // team is not looked up at all (one round trip less on every team-scoped write).
        if (!scope.audience) {
          await decide(context);
          return AuthorizedTarget.create(context, teamId, [], true);
        }
        const teams = this.resourceScopes.get(TEAM_RESOLVER);
        const [team] = await teams.resolve({ id: teamId }, principal);
        await decide(context, team && audienceFacts(team, scope.audience), teams.label);
        return AuthorizedTarget.create(context, teamId, team ? [team] : [], true);
      }
      case 'resource': {
        const references: Record<string, string | readonly string[] | undefined> = {};
        for (const field of scope.fields) references[field.name] = readScopeField(request, field);
        if (scope.whenAbsent === 'global' && Object.values(references).every((value) => value === undefined)) {
          await decide({ kind: 'global' });
          return AuthorizedTarget.create({ kind: 'global' }, null, []);
        }
        const resolver = this.resourceScopes.get(scope.resolver);
        const resources = await resolver.resolve(references as ScopeReferences, principal);
        for (const resource of resources) await decide(contextOf(resource), resource, resolver.label);
        const first = resources[0];
        return AuthorizedTarget.create(first ? contextOf(first) : { kind: 'global' }, first?.teamId ?? null, resources);
      }
    }
  }

  /** The caller's personal team is both where the decision is made and where the handler acts. */
  private async inPersonalTeam(principal: Principal, decide: (context: DecisionContext) => Promise<unknown>): Promise<AuthorizedTarget> {
    const personalTeamId = await this.roles.personalTeamId(principal);
    const context: DecisionContext = personalTeamId ? { kind: 'team', teamId: personalTeamId } : { kind: 'global' };
    await decide(context);
    return AuthorizedTarget.create(context, personalTeamId, []);
  }
}

/** Refusals worth an audit entry: platform-wide routes and `admin.*` permissions (not every hidden team row). */
function isAdministrative(decision: Extract<RouteDecision, { kind: 'permission' }>): boolean {
  return decision.scope.kind === 'global' || [decision.permission, ...(decision.alternatives ?? [])].some((p) => p.startsWith('admin.'));
}

/** What the engine is told about a team, for the route's audience. */
function audienceFacts(team: ResolvedResource, audience: TeamAudience): ResourceFacts {
  if (audience === 'joinable') return { joinable: team.visibility === 'public' };
  return { ...team, membersOnly: audience === 'members' };
}

/** Where a resource is decided: its team; else its organization (an organization is its own); else globally. */
function contextOf(resource: ResolvedResource): DecisionContext {
  if (resource.teamId) return { kind: 'team', teamId: resource.teamId };
  if (resource.organizationId) return { kind: 'organization', organizationId: resource.organizationId };
  return { kind: 'global' };
}
