import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { TokenService } from '../../auth/token.service.js';
import { AUDIT_RECORDER, type AuditRecorder } from '../../common/audit/audit-recorder.js';
import { isUniqueViolation } from '../../common/database/pg-errors.js';
import { badRequest, DomainError, ErrorCode, type FieldIssue, notFound } from '../../common/errors/domain-error.js';
import type { DecisionContext } from '../rbac/access-snapshot.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { parseIpRange } from '../rbac/ip-ranges.js';
import { isKnownPermission } from '../rbac/permission.js';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { RolesService } from '../rbac/roles.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { UsersService } from '../users/users.service.js';
import type { AdminTokenListQuery } from './dto/admin-token-list.query.js';
import type { CreateTokenRequest } from './dto/create-token.request.js';
import type { RevokeTokenRequest } from './dto/revoke-token.request.js';
import type { TokenListQuery } from './dto/token-list.query.js';
import type { TokenScopeRequest } from './dto/token-scope.request.js';
import type { UpdateTokenRequest } from './dto/update-token.request.js';
import { credentialHash, expiryAfter, revokeCredential } from './credential-store.js';
import { tokenAuditEvent } from './key-audit.js';
import { ApiKeyEntity, type TimeRestrictions } from './entities/api-key.entity.js';
import { toTokenView, toUsageView, type TokenView } from './token-view.js';
import { UsageRecorder } from './usage-recorder.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const TIME_RESTRICTION_KEYS = ['business_hours_only', 'weekdays_only'] as const;

/** A token's scope as stored: null permissions = not narrowed. */
interface StoredScope {
  serverId: string | null;
  permissions: string[] | null;
  ipRestrictions: string[];
  timeRestrictions: TimeRestrictions;
  usageLimits: Record<string, unknown>;
}

/**
 * ContextForge API tokens, stored as credentials of kind `api_token` beside virtual keys. The guard has decided
 * the route (tokens.* in the token's team, the caller's personal team, or on the token itself); this service keeps
 * the issue-time rules: the token only narrows its creator (each permission held where it acts, a server they can
 * see, a team they act in) and the raw token is returned once. At use, the engine intersects again.
 */
@Injectable()
export class TokensService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: RolesService,
    private readonly users: UsersService,
    private readonly teams: TeamsService,
    private readonly resourceScopes: ResourceScopeRegistry,
    private readonly tokens: TokenService,
    private readonly usage: UsageRecorder,
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
  ) {}

  /** `teamId`: the team the guard authorized tokens.create in (null: a team-less, public-only token). */
  async create(principal: Principal, teamId: string | null, request: CreateTokenRequest) {
    const user = principal.user;
    if (!user?.email) throw badRequest('API tokens belong to a user: sign in as one to create them');
    if (teamId) {
      if (!(await this.teams.findById(teamId))) throw badRequest(`Team not found: ${teamId}`, 'team_id');
      if (!(await this.roles.mayIssueTokenIn(principal, teamId))) {
        throw badRequest(
          `User ${user.email} is not an active member of team ${teamId}. Only team members can create tokens for the team.`,
          'team_id',
        );
      }
    }
    const scope = await this.checkedScope(principal, teamId, request.scope ?? null);
    const now = new Date();
    const expiresAt = request.expires_in_days ? expiryAfter(request.expires_in_days * DAY_MS, now) : null;
    const id = randomUUID();
    const raw = this.tokens.issueApiToken(
      {
        id,
        email: user.email,
        isAdmin: user.isAdmin,
        teamId,
        serverId: scope.serverId,
        permissions: scope.permissions ?? [],
        ipRestrictions: scope.ipRestrictions,
        timeRestrictions: { ...scope.timeRestrictions },
        expiresAt,
      },
      now,
    );
    const saved = await this.save(
      this.dataSource.manager,
      this.dataSource.getRepository(ApiKeyEntity).create({
        id,
        kind: 'api_token',
        tokenHash: credentialHash(raw),
        keyName: `${raw.slice(0, 6)}...${raw.slice(-4)}`,
        userId: user.id,
        teamId,
        name: request.name,
        description: request.description ?? null,
        tags: request.tags ?? [],
        expiresAt,
        ...scopeColumns(scope),
        createdBy: user.email,
        updatedBy: user.email,
      }),
    );
    this.audit.record(tokenAuditEvent('token_created', principal, saved));
    return { token: toTokenView(saved, user.email), access_token: raw };
  }

  /** The caller's own tokens, newest first (ContextForge: `total` is the size of this page). */
  async listOwn(principal: Principal, query: TokenListQuery) {
    const userId = principal.user?.id;
    if (!userId) return page([], query, 50);
    return this.listWhere('k.user_id = :userId', { userId }, query, 50);
  }

  /** A team's tokens, for its owners and platform admins (ContextForge answers others 400). */
  async listTeam(principal: Principal, target: AuthorizedTarget, query: TokenListQuery) {
    const teamId = target.teamId!;
    if (!(await this.roles.seesTeamTokens(principal, teamId))) throw badRequest(`Only team owners can view team tokens for ${teamId}`);
    return this.listWhere('k.team_id = :teamId', { teamId }, query, 50);
  }

  /** Platform admins: every token, or one user's. */
  async listAll(query: AdminTokenListQuery) {
    if (query.user_email) {
      const owner = await this.users.findByEmail(query.user_email.toLowerCase());
      if (!owner) return page([], query, 100);
      return this.listWhere('k.user_id = :userId', { userId: owner.id }, query, 100);
    }
    return this.listWhere('TRUE', {}, query, 100);
  }

  async get(target: AuthorizedTarget): Promise<TokenView> {
    const token = await this.find(this.dataSource.manager, target);
    return toTokenView(token, await this.emailOf(token.userId), this.usage.unflushed(token.id));
  }

  async update(principal: Principal, target: AuthorizedTarget, request: UpdateTokenRequest): Promise<TokenView> {
    return this.dataSource.transaction(async (tx) => {
      const token = await this.find(tx, target, true);
      if (request.scope) Object.assign(token, scopeColumns(await this.checkedScope(principal, token.teamId, request.scope)));
      if (request.name) token.name = request.name;
      if (request.description !== undefined && request.description !== null) token.description = request.description;
      if (request.tags !== undefined && request.tags !== null) token.tags = request.tags;
      token.updatedBy = principal.user?.email ?? null;
      const saved = await this.save(tx, token);
      this.audit.record(tokenAuditEvent('token_updated', principal, saved));
      return toTokenView(saved, await this.emailOf(saved.userId, tx), this.usage.unflushed(saved.id));
    });
  }

  /** Revokes the token the guard authorized (its owner, or a platform admin on the admin route). */
  async revoke(principal: Principal, target: AuthorizedTarget, request: RevokeTokenRequest | undefined, byAdmin: boolean): Promise<void> {
    const id = target.resource?.id;
    const actor = principal.user?.email ?? 'master_key';
    const reason = request?.reason ?? (byAdmin ? `Revoked by admin ${actor}` : 'Revoked by user');
    if (!id || !(await revokeCredential(this.dataSource.manager, id, actor, reason))) throw notFound('Token');
    const revoked = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id });
    if (revoked) this.audit.record(tokenAuditEvent('token_revoked', principal, revoked, reason));
  }

  async usageOf(target: AuthorizedTarget, days: number) {
    const token = await this.find(this.dataSource.manager, target);
    return toUsageView(token, this.usage.unflushed(token.id), days);
  }

  /**
   * The scope as it may be stored: every permission known and held by the creator where the token acts (its team,
   * or their personal team), a server they can see, addresses that parse, ContextForge's time flags. Else 400
   * (not held, as upstream), 404 (server not visible) or 422 (malformed).
   */
  private async checkedScope(principal: Principal, teamId: string | null, scope: TokenScopeRequest | null): Promise<StoredScope> {
    const permissions = scope?.permissions?.length ? [...new Set(scope.permissions)] : null;
    const ipRestrictions = scope?.ip_restrictions ?? [];
    const issues: FieldIssue[] = [];
    ipRestrictions.forEach((range, i) => {
      if (!parseIpRange(range))
        issues.push({ loc: ['body', 'scope', 'ip_restrictions', i], msg: `not an IP address or CIDR: ${range}`, type: 'value_error' });
    });
    const timeRestrictions: TimeRestrictions = {};
    for (const [name, value] of Object.entries(scope?.time_restrictions ?? {})) {
      if (!(TIME_RESTRICTION_KEYS as readonly string[]).includes(name)) continue;
      if (typeof value !== 'boolean') {
        issues.push({ loc: ['body', 'scope', 'time_restrictions', name], msg: 'must be a boolean', type: 'bool_type' });
        continue;
      }
      timeRestrictions[name as (typeof TIME_RESTRICTION_KEYS)[number]] = value;
    }
    if (issues.length) throw new DomainError(ErrorCode.VALIDATION_FAILED, issues.map((i) => i.msg).join('; '), { issues });

    if (permissions) {
      const context: DecisionContext = teamId
        ? { kind: 'team', teamId }
        : await this.roles
            .personalTeamId(principal)
            .then((id) => (id ? ({ kind: 'team', teamId: id } as const) : ({ kind: 'global' } as const)));
      for (const permission of permissions) {
        const family = /^([a-z0-9_]+)\.\*$/.exec(permission);
        const known = isKnownPermission(permission) || (family !== null && isKnownPermission(`${family[1]}.read`));
        if (!known) throw badRequest(`Unknown permission '${permission}' (see GET /rbac/permissions/available)`, 'scope');
        if (!(await this.roles.holds(principal, permission, context))) {
          throw badRequest(`Cannot grant permission '${permission}' - not in your effective permissions.`, 'scope');
        }
      }
    }

    const serverId = scope?.server_id || null;
    if (serverId) await this.assertServerVisible(principal, serverId);
    return { serverId, permissions, ipRestrictions, timeRestrictions, usageLimits: scope?.usage_limits ?? {} };
  }

  /** The catalog's own resolver finds the server; the engine says whether the creator can see it (else 404). */
  private async assertServerVisible(principal: Principal, serverId: string): Promise<void> {
    const servers = this.resourceScopes.get('servers');
    const [server] = await servers.resolve({ id: serverId }, principal);
    const context: DecisionContext = server?.teamId ? { kind: 'team', teamId: server.teamId } : { kind: 'global' };
    if (!server || !(await this.roles.decide(principal, 'servers.read', context, server)).granted) throw notFound('Server');
  }

  private async listWhere(where: string, parameters: Record<string, unknown>, query: TokenListQuery, defaultLimit: number) {
    const limit = query.limit !== undefined && query.limit > 0 && query.limit <= 1000 ? query.limit : defaultLimit;
    const offset = query.offset ?? 0;
    const qb = this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .where("k.kind = 'api_token'")
      .andWhere(where, parameters);
    if (!query.include_inactive) qb.andWhere('k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())');
    const rows = await qb.orderBy('k.created_at', 'DESC').addOrderBy('k.id').offset(offset).limit(limit).getMany();
    const owners = await this.users.identities(rows.flatMap((row) => (row.userId ? [row.userId] : [])));
    const email = new Map(owners.map((owner) => [owner.id, owner.email]));
    const views = rows.map((row) => toTokenView(row, (row.userId ? email.get(row.userId) : null) ?? null, this.usage.unflushed(row.id)));
    return { tokens: views, total: views.length, limit, offset };
  }

  private async find(manager: EntityManager, target: AuthorizedTarget, lock = false): Promise<ApiKeyEntity> {
    const id = target.resource?.id;
    const token = id
      ? await manager
          .getRepository(ApiKeyEntity)
          .findOne({ where: { id, kind: 'api_token' }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
      : null;
    if (!token) throw notFound('Token');
    return token;
  }

  private async emailOf(userId: string | null, manager?: EntityManager): Promise<string | null> {
    if (!userId) return null;
    const [owner] = await this.users.identities([userId], manager);
    return owner?.email ?? null;
  }

  private async save(manager: EntityManager, token: ApiKeyEntity): Promise<ApiKeyEntity> {
    try {
      return await manager.getRepository(ApiKeyEntity).save(token);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_api_keys_api_token_team_name') || isUniqueViolation(error, 'uq_api_keys_api_token_personal_name')) {
        throw badRequest(
          `Token with name '${token.name}' already exists${token.teamId ? ` in team ${token.teamId}` : ''}. Please choose a different name.`,
          'name',
        );
      }
      throw error;
    }
  }
}

function scopeColumns(scope: StoredScope): Partial<ApiKeyEntity> {
  return {
    serverId: scope.serverId,
    scopePermissions: scope.permissions,
    ipRestrictions: scope.ipRestrictions,
    timeRestrictions: scope.timeRestrictions,
    usageLimits: scope.usageLimits,
  };
}

function page(tokens: TokenView[], query: TokenListQuery, defaultLimit: number) {
  const limit = query.limit !== undefined && query.limit > 0 && query.limit <= 1000 ? query.limit : defaultLimit;
  return { tokens, total: tokens.length, limit, offset: query.offset ?? 0 };
}
