import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import type { AccessDenial } from '../../common/errors/access-denial.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { type KeyUsageFacts, KeysService } from '../keys/keys.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { usageLimitDenial } from '../rbac/access-evaluator.js';
import type { DecisionContext, DenialReason } from '../rbac/access-snapshot.js';
import type { ForwardedRequest, UsageLimitDenial, UsageLimits } from '../rbac/forwarded-request.js';
import { type ResolvedResource, ResourceScopeRegistry, type ScopeReferences } from '../rbac/resource-scope.registry.js';
import { RolesService } from '../rbac/roles.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { UsersService } from '../users/users.service.js';
import type { ForwardedCall } from './forwarded-call.reader.js';
import { type UsageFacts, UsageFactsCache } from './usage-facts.cache.js';

/** Who the upstream serves, for its logs and its own rules: what the allowed answer carries as headers. */
export interface ForwardedIdentity {
  userId: string | null;
  userEmail: string | null;
  teamId: string | null;
  keyAlias: string | null;
  keyId: string | null;
}

/** The catalog's resolvers (registered by the catalog module): tools by id or by name, servers by id. */
const TOOLS_RESOLVER = 'tools';
const SERVERS_RESOLVER = 'servers';
/** `/servers/{id}/mcp|sse|message[/...]`: ContextForge's transports of one virtual server. */
const SERVER_TRANSPORT = /^\/servers\/([^/]+)\/(?:mcp|sse|message)(?:\/|$)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Forward auth: decides a client's original request to a gateway, for the proxy in front of it. The credential
 * was authenticated by the global guards like on any route; here the engine is asked, in order, what the
 * credential allows of the forwarded route, whether the model and budgets allow an LLM call, whether the caller
 * may use the virtual server a ContextForge transport path names, and whether they may execute each MCP tool the
 * request calls. This service only gathers the facts and asks.
 */
@Injectable()
export class ForwardAuthService {
  constructor(
    private readonly roles: RolesService,
    private readonly resources: ResourceScopeRegistry,
    private readonly keys: KeysService,
    private readonly teams: TeamsService,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly usageFacts: UsageFactsCache,
  ) {}

  async decide(principal: Principal, call: ForwardedCall): Promise<ForwardedIdentity> {
    const { request } = call;
    const restriction = await this.roles.forwardedRestriction(principal, request);
    if (restriction) throw accessDenied(principal, request, restriction, '');
    const { key, limits } = await this.usageFactsOf(principal);
    // Spend and model lists are about LLM calls (MCP included, as in LiteLLM); other routes are not charged.
    if (request.groups.has('llm_api_routes')) {
      const denial = usageLimitDenial(limits, call.model);
      if (denial) throw limitError(denial);
    }
    // ContextForge's per-server transports: the server must be one the caller may use (and see).
    const server = SERVER_TRANSPORT.exec(request.path)?.[1];
    if (server !== undefined) await this.requireOnCatalogRow(principal, request, SERVERS_RESOLVER, { id: server }, 'servers.use');
    for (const tool of call.tools) {
      await this.requireOnCatalogRow(principal, request, TOOLS_RESOLVER, UUID.test(tool) ? { id: tool } : { name: tool }, 'tools.execute');
    }
    return {
      userId: principal.user?.userId ?? null,
      userEmail: principal.user?.email ?? null,
      teamId: principal.key?.teamId ?? null,
      keyAlias: key?.alias ?? null,
      keyId: principal.key?.id ?? null,
    };
  }

  /** The credential's key facts and limits, from the cache while nothing they were built from changed. */
  private usageFactsOf(principal: Principal): Promise<UsageFacts> {
    const keyId = principal.key?.kind === 'virtual_key' ? principal.key.id : null;
    const teamId = principal.key?.teamId ?? null;
    const userId = principal.user?.id ?? null;
    return this.usageFacts.get(`${keyId ?? '-'}:${teamId ?? '-'}:${userId ?? '-'}`, async () => {
      const key = keyId ? await this.keys.usageFactsOf(keyId) : null;
      const { limits, organizationId } = await this.usageLimits(principal, key);
      return { facts: { key, limits }, sources: { keyId, teamId, userId, organizationId } };
    });
  }

  private async usageLimits(
    principal: Principal,
    key: KeyUsageFacts | null,
  ): Promise<{ limits: UsageLimits; organizationId: string | null }> {
    const teamId = principal.key?.teamId ?? null;
    const userId = principal.user?.id ?? null;
    const [team, user] = await Promise.all([
      teamId ? this.teams.findById(teamId) : null,
      // A user's own budget only counts outside a team (see the engine): not read for team credentials.
      userId && !teamId ? this.users.findById(userId) : null,
    ]);
    const organizationId = team?.organizationId ?? key?.organizationId ?? null;
    const organization = organizationId ? await this.organizations.findById(organizationId) : null;
    const limits: UsageLimits = {
      key: key && {
        label: key.alias ? `${key.alias} (${key.keyName})` : key.keyName,
        models: key.models,
        maxBudget: key.maxBudget,
        spend: key.spend,
      },
      team: team && { id: team.id, models: team.models ?? [], maxBudget: team.maxBudget, spend: team.spend ?? 0 },
      organization: organization && { id: organization.id, models: organization.models ?? [] },
      user: user && { id: user.userId, maxBudget: user.maxBudget, spend: user.spend ?? 0 },
    };
    return { limits, organizationId };
  }

  /**
   * The catalog row (a server by id; a tool by id, or every tool of that name) through the catalog's resolver; each
   * row is decided where it lives, as `/tools/{id}` is. One row the caller may act on suffices. A row the caller
   * cannot see is refused exactly like one that does not exist.
   */
  private async requireOnCatalogRow(
    principal: Principal,
    request: ForwardedRequest,
    resolverName: string,
    reference: ScopeReferences,
    permission: string,
  ): Promise<void> {
    const resolver = this.resources.get(resolverName);
    const rows = await resolver.resolve(reference, principal);
    let visible = false;
    for (const row of rows) {
      const decision = await this.roles.decideForwarded(principal, request, permission, contextOf(row), row);
      if (decision.granted) return;
      if (decision.reason !== 'NOT_VISIBLE') visible = true;
    }
    throw accessDenied(principal, request, visible ? 'MISSING_PERMISSION' : 'NOT_VISIBLE', permission, resolver.label);
  }
}

function contextOf(resource: ResolvedResource): DecisionContext {
  return resource.teamId ? { kind: 'team', teamId: resource.teamId } : { kind: 'global' };
}

/** A refusal named after the forwarded route; never a team id (a hidden tool's team is not for the caller to learn). */
function accessDenied(principal: Principal, request: ForwardedRequest, reason: DenialReason, permission: string, resourceLabel?: string) {
  const denial: AccessDenial = {
    permission,
    teamId: null,
    reason,
    route: request.path,
    callerId: principal.user?.userId ?? null,
    clientIp: request.clientIp,
    resourceLabel,
  };
  return new DomainError(ErrorCode.ACCESS_DENIED, 'Access denied', { denial });
}

/** LiteLLM's words for each limit. */
function limitError(denial: UsageLimitDenial): DomainError {
  switch (denial.kind) {
    case 'key_model':
    case 'team_model':
    case 'org_model': {
      const object = denial.kind.split('_')[0];
      const code = {
        key: ErrorCode.KEY_MODEL_ACCESS_DENIED,
        team: ErrorCode.TEAM_MODEL_ACCESS_DENIED,
        org: ErrorCode.ORG_MODEL_ACCESS_DENIED,
      }[object as 'key' | 'team' | 'org'];
      return new DomainError(
        code,
        `${object} not allowed to access model. This ${object} can only access models=${pythonList(denial.allowed)}. Tried to access ${denial.model}`,
        { param: 'model' },
      );
    }
    case 'key_budget':
      return budgetError(
        `Budget has been exceeded! Key=${denial.entity} Current cost: ${pythonFloat(denial.spend)}, Max budget: ${pythonFloat(denial.maxBudget)}`,
      );
    case 'team_budget':
      return budgetError(
        `Budget has been exceeded! Team=${denial.entity} Current cost: ${pythonFloat(denial.spend)}, Max budget: ${pythonFloat(denial.maxBudget)}`,
      );
    case 'user_budget':
      return budgetError(
        `ExceededBudget: User=${denial.entity} over budget. Spend=${pythonFloat(denial.spend)}, Budget=${pythonFloat(denial.maxBudget)}`,
      );
  }
}

const budgetError = (message: string) => new DomainError(ErrorCode.BUDGET_EXCEEDED, message);

/** LiteLLM's messages print Python values: `['a', 'b']`, `2.0`. */
const pythonList = (values: readonly string[]): string => `[${values.map((v) => `'${v}'`).join(', ')}]`;
const pythonFloat = (value: number): string => (Number.isInteger(value) ? `${value}.0` : String(value));
