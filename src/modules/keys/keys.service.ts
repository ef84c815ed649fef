import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../common/database/pg-errors.js';
import { abbreviateKey, generateVirtualKey, sha256Hex } from '../../common/crypto/secrets.js';
import { badRequest, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors/domain-error.js';
import { parseDuration } from '../../common/time/duration.js';
import type { DecisionContext } from '../rbac/access-snapshot.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { RolesService } from '../rbac/roles.service.js';
import { MembershipsService } from '../teams/memberships.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { UsersService } from '../users/users.service.js';
import type { DeleteKeysRequest } from './dto/delete-keys.request.js';
import type { GenerateKeyRequest } from './dto/generate-key.request.js';
import type { KeyListQuery } from './dto/key-list.query.js';
import type { RegenerateKeyRequest } from './dto/regenerate-key.request.js';
import type { UpdateKeyRequest } from './dto/update-key.request.js';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { keyCeilingViolation } from './key-ceilings.js';
import { keyHashOf } from './key-lookup.js';
import { toKeyView, type KeyView } from './key-view.js';

export type GeneratedKey = KeyView & { key: string };

/** The "who" LiteLLM records in created_by/updated_by. */
const actorOf = (principal: Principal): string => principal.user?.userId ?? 'default_user_id';

/**
 * Virtual keys. The guard has already asked the engine about the route in the key's team; this service keeps the
 * row-level rules: owners, moving keys between teams, aliases, expiry, and the raw key shown only once.
 */
@Injectable()
export class KeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly teams: TeamsService,
    private readonly memberships: MembershipsService,
    private readonly roles: RolesService,
  ) {}

  /** `teamId` is the team the guard authorized the key in (null: a personal key). */
  async generate(principal: Principal, teamId: string | null, request: GenerateKeyRequest, manager?: EntityManager): Promise<GeneratedKey> {
    const isAdmin = await this.roles.isPlatformAdmin(principal);
    const run = async (tx: EntityManager) => {
      const ownerId = await this.resolveOwner(tx, principal, request.user_id ?? null, isAdmin);
      if (teamId) await this.assertTeamOpen(tx, teamId);
      if (!isAdmin) await this.assertWithinCeilings(tx, principal, teamId, request);
      const raw = generateVirtualKey();
      const key = tx.getRepository(ApiKeyEntity).create({
        tokenHash: sha256Hex(raw),
        keyName: abbreviateKey(raw),
        userId: ownerId,
        teamId,
        createdBy: actorOf(principal),
        updatedBy: actorOf(principal),
      });
      applyKeyFields(key, request, isAdmin);
      const saved = await this.saveKey(tx, key);
      return { ...toKeyView(saved, await this.userIdOf(tx, ownerId)), key: raw };
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  async findByReference(reference: string): Promise<ApiKeyEntity | null> {
    const hash = keyHashOf(reference);
    return hash ? this.dataSource.getRepository(ApiKeyEntity).findOneBy({ tokenHash: hash }) : null;
  }

  async getByReference(reference: string): Promise<ApiKeyEntity> {
    const key = await this.findByReference(reference);
    if (!key) throw notFound(`Key ${abbreviateReference(reference)}`);
    return key;
  }

  /** The key the guard authorized: the one named, or without a name the caller's own. */
  async info(
    principal: Principal,
    target: AuthorizedTarget,
    reference: string | undefined,
  ): Promise<{ key: string; info: Omit<KeyView, 'token' | 'token_id'> }> {
    const id = target.resource?.id;
    const key = id ? await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id }) : null;
    if (!key && reference) throw notFound(`Key ${abbreviateReference(reference)}`);
    if (!key) throw badRequest('Pass ?key=<key> (the master key has no key record of its own)', 'key');
    const view = toKeyView(key, await this.userIdOf(this.dataSource.manager, key.userId));
    // LiteLLM: the row without the hash (token_id is the same hash under another name).
    const { token: _hash, token_id: _hashAgain, ...info } = view;
    return { key: reference ?? key.tokenHash, info };
  }

  async list(principal: Principal, query: KeyListQuery) {
    const page = query.page ?? 1;
    const size = query.size ?? 10;
    const isAdmin = await this.roles.decide(principal, 'keys.read', { kind: 'global' });
    const qb = this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder('k');
    if (!isAdmin.granted) {
      // Own keys, and the keys of the teams whose keys the caller manages (the engine's rule: team admins).
      const snapshot = await this.roles.snapshot(principal);
      const managedTeams = await this.roles.keyManagedTeams(principal);
      const inManaged = managedTeams.length ? ' OR k.team_id IN (:...teams)' : '';
      qb.andWhere(`(k.user_id = :self${inManaged})`, {
        self: snapshot.userId ?? '00000000-0000-0000-0000-000000000000',
        teams: managedTeams,
      });
    }
    if (query.user_id) {
      // Owners are named by their LiteLLM user_id; nobody by that name owns nothing.
      const owner = await this.users.findByUserId(query.user_id);
      qb.andWhere('k.user_id = :ownerId', { ownerId: owner?.id ?? '00000000-0000-0000-0000-000000000000' });
    }
    if (query.team_id) qb.andWhere('k.team_id = :teamId', { teamId: query.team_id });
    if (query.key_alias) qb.andWhere('k.key_alias = :alias', { alias: query.key_alias });
    const total = await qb.getCount();
    const entities = await qb
      .orderBy('k.created_at', 'DESC')
      .addOrderBy('k.id')
      .offset((page - 1) * size)
      .limit(size)
      .getMany();
    const owners = query.return_full_object ? await this.users.identities(entities.flatMap((key) => (key.userId ? [key.userId] : []))) : [];
    const ownerUserId = new Map(owners.map((owner) => [owner.id, owner.userId]));
    const keys = entities.map((key) =>
      query.return_full_object ? toKeyView(key, (key.userId ? ownerUserId.get(key.userId) : undefined) ?? null) : key.tokenHash,
    );
    return { keys, total_count: total, current_page: page, total_pages: Math.ceil(total / size) };
  }

  async update(principal: Principal, target: AuthorizedTarget, request: UpdateKeyRequest) {
    return this.dataSource.transaction(async (tx) => {
      const key = await this.lockKey(tx, target, request.key);
      const isAdmin = await this.roles.isPlatformAdmin(principal);
      if (request.blocked !== undefined && request.blocked !== null && request.blocked !== key.blocked) {
        // Blocking is its own right (LiteLLM's /key/block, /key/unblock): an update cannot lift an admin's block.
        await this.roles.require(principal, 'keys.block', contextOfKey(target), { route: '/key/update', resource: target.resource });
      }
      if (request.user_id !== undefined && request.user_id !== null) {
        const newOwner = await this.users.findByUserIdOrEmail(request.user_id, tx);
        if (!isAdmin && newOwner?.id !== key.userId) throw forbidden('Only proxy admins can change the user_id of a key');
        key.userId = newOwner ? newOwner.id : (await this.users.ensure(tx, { userId: request.user_id }, actorOf(principal))).id;
      }
      if (request.team_id !== undefined && request.team_id !== null && request.team_id !== key.teamId) {
        await this.assertMayMoveInto(tx, principal, key, request.team_id);
        key.teamId = request.team_id;
      }
      if (!isAdmin) await this.assertWithinCeilings(tx, principal, key.teamId, request);
      applyKeyFields(key, request, isAdmin);
      key.updatedBy = actorOf(principal);
      const saved = await this.saveKey(tx, key);
      const view = toKeyView(saved, await this.userIdOf(tx, saved.userId));
      return { key: request.key, ...withoutHash(view) };
    });
  }

  /** Deletes exactly the keys the guard authorized (each in its own team). */
  async delete(target: AuthorizedTarget, request: DeleteKeysRequest) {
    const references = [...(request.keys ?? []), ...(request.key_aliases ?? [])];
    if (references.length === 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'keys: pass keys or key_aliases (one of them is required)', { param: 'keys' });
    }
    return this.dataSource.transaction(async (tx) => {
      const repo = tx.getRepository(ApiKeyEntity);
      const ids = target.resources.map((r) => r.id);
      const found = ids.length ? await repo.find({ where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } }) : [];
      if (found.length === 0) throw notFound('None of the keys');
      await repo.delete({ id: In(found.map((k) => k.id)) });
      const deleted = new Set(found.flatMap((k) => [k.tokenHash, k.keyAlias]));
      return { deleted_keys: references.filter((ref) => deleted.has(keyHashOf(ref)) || deleted.has(ref)) };
    });
  }

  async regenerate(
    principal: Principal,
    target: AuthorizedTarget,
    reference: string,
    request: RegenerateKeyRequest,
  ): Promise<GeneratedKey> {
    const isAdmin = await this.roles.isPlatformAdmin(principal);
    return this.dataSource.transaction(async (tx) => {
      const key = await this.lockKey(tx, target, reference);
      if (request.team_id && request.team_id !== key.teamId) {
        throw badRequest('Regenerate keeps the key in its team; move it with /key/update', 'team_id');
      }
      if (request.user_id && request.user_id !== (await this.userIdOf(tx, key.userId))) {
        throw badRequest('Regenerate keeps the key owner; change it with /key/update', 'user_id');
      }
      const raw = request.new_key ?? generateVirtualKey();
      const grace = request.grace_period ? parseDuration(request.grace_period) : null;
      key.previousTokenHash = grace ? key.tokenHash : null;
      key.previousTokenExpiresAt = grace ? new Date(Date.now() + grace) : null;
      key.tokenHash = sha256Hex(raw);
      key.keyName = abbreviateKey(raw);
      if (!isAdmin) await this.assertWithinCeilings(tx, principal, key.teamId, request);
      applyKeyFields(key, request, isAdmin);
      key.updatedBy = actorOf(principal);
      const saved = await this.saveKey(tx, key);
      return { ...toKeyView(saved, await this.userIdOf(tx, saved.userId)), key: raw };
    });
  }

  async setBlocked(principal: Principal, target: AuthorizedTarget, reference: string, blocked: boolean): Promise<KeyView> {
    return this.dataSource.transaction(async (tx) => {
      const key = await this.lockKey(tx, target, reference);
      key.blocked = blocked;
      key.updatedBy = actorOf(principal);
      const saved = await tx.getRepository(ApiKeyEntity).save(key);
      return toKeyView(saved, await this.userIdOf(tx, saved.userId));
    });
  }

  /** Keys of one team, for `/team/info` (no hashes beyond the LiteLLM token). */
  async listForTeam(teamId: string): Promise<KeyView[]> {
    const keys = await this.dataSource.getRepository(ApiKeyEntity).find({ where: { teamId }, order: { createdAt: 'ASC' } });
    return Promise.all(keys.map(async (k) => toKeyView(k, await this.userIdOf(this.dataSource.manager, k.userId))));
  }

  async listForUser(userId: string): Promise<KeyView[]> {
    const keys = await this.dataSource.getRepository(ApiKeyEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });
    return Promise.all(keys.map(async (k) => toKeyView(k, await this.userIdOf(this.dataSource.manager, k.userId))));
  }

  /**
   * A key never carries more than its creator holds: budgets and models within the caller's own and the team's
   * (LiteLLM answers 400). Platform admins are not limited.
   */
  private async assertWithinCeilings(
    tx: EntityManager,
    principal: Principal,
    teamId: string | null,
    request: GenerateKeyRequest,
  ): Promise<void> {
    if (request.max_budget === undefined && request.models === undefined && request.model_max_budget === undefined) return;
    const caller = principal.user ? await this.users.findById(principal.user.id, tx) : null;
    const found = teamId ? await this.teams.findById(teamId, tx) : null;
    // A personal team sets no ceiling of its own.
    const team = found && !found.isPersonal ? found : null;
    const violation = keyCeilingViolation(request, {
      callerMaxBudget: caller?.maxBudget ?? null,
      callerModels: caller?.models ?? [],
      teamMaxBudget: team?.maxBudget ?? null,
      teamModels: team?.models ?? [],
    });
    if (violation) throw badRequest(violation.message, violation.param);
  }

  private async resolveOwner(tx: EntityManager, principal: Principal, requested: string | null, isAdmin: boolean): Promise<string | null> {
    const self = principal.user;
    if (requested === null) return self?.id ?? null;
    if (self && (requested === self.userId || requested === self.email)) return self.id;
    if (!isAdmin) throw forbidden('User can only create keys for themselves');
    return (await this.users.ensure(tx, { userId: requested }, actorOf(principal))).id;
  }

  /**
   * Moving a key: the caller already passed the check in the key's current team (the guard); they also need
   * /key/update in the new team, and the key's owner must be a member there.
   */
  private async assertMayMoveInto(tx: EntityManager, principal: Principal, key: ApiKeyEntity, teamId: string): Promise<void> {
    await this.assertTeamExists(tx, teamId);
    const decision = await this.roles.decide(principal, 'keys.update', { kind: 'team', teamId });
    if (!decision.granted) throw forbidden(`You cannot move keys into team=${teamId}: you need /key/update there`);
    if (key.userId) {
      if (!(await this.memberships.find(tx, teamId, key.userId)))
        throw badRequest(`The key's user is not a member of team=${teamId}`, 'team_id');
    }
  }

  /**
   * Keys are minted only in a team that exists and is not blocked: a blocked team's key could never be used, so
   * LiteLLM refuses it (400, naming /team/unblock) rather than hand it out.
   */
  private async assertTeamOpen(tx: EntityManager, teamId: string): Promise<void> {
    const team = await this.teams.findById(teamId, tx);
    if (!team) throw notFound(`Team ${teamId}`);
    if (team.blocked) throw badRequest(`Team=${teamId} is blocked. Update via /team/unblock if you are its admin.`, 'team_id');
  }

  private async assertTeamExists(tx: EntityManager, teamId: string): Promise<void> {
    if (!(await this.teams.findById(teamId, tx))) throw notFound(`Team ${teamId}`);
  }

  /** The key the guard authorized, locked; `reference` only names it in the "not found". */
  private async lockKey(tx: EntityManager, target: AuthorizedTarget, reference: string): Promise<ApiKeyEntity> {
    const id = target.resource?.id;
    const key = id ? await tx.getRepository(ApiKeyEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
    if (!key) throw notFound(`Key ${abbreviateReference(reference)}`);
    return key;
  }

  private async saveKey(tx: EntityManager, key: ApiKeyEntity): Promise<ApiKeyEntity> {
    try {
      return await tx.getRepository(ApiKeyEntity).save(key);
    } catch (error) {
      if (isUniqueViolation(error, 'uq_api_keys_key_alias'))
        throw badRequest(`Key with alias '${key.keyAlias}' already exists`, 'key_alias');
      if (isUniqueViolation(error, 'uq_api_keys_token_hash')) throw badRequest('That key value is already in use', 'new_key');
      if (isForeignKeyViolation(error)) throw notFound('Team or user of the key');
      throw error;
    }
  }

  private async userIdOf(manager: EntityManager, id: string | null): Promise<string | null> {
    if (!id) return null;
    const [owner] = await this.users.identities([id], manager);
    return owner?.userId ?? null;
  }
}

/**
 * Copies the generate fields a request set (undefined = untouched, null = cleared where nullable). `permissions`
 * are admin-only: a non-admin's request may repeat them but not change them.
 */
function applyKeyFields(key: ApiKeyEntity, request: GenerateKeyRequest, isAdmin: boolean): void {
  const permissionsChange =
    request.permissions !== undefined && JSON.stringify(request.permissions ?? {}) !== JSON.stringify(key.permissions ?? {});
  if (permissionsChange && !isAdmin) throw forbidden('Only proxy admins can set or clear the permissions of a key');
  // LiteLLM: spend is the proxy admin's to set; a non-admin may repeat the current value (its clients send 0).
  const spendChange = request.spend !== undefined && request.spend !== null && request.spend !== (key.spend ?? 0);
  if (spendChange && !isAdmin) throw forbidden('Only proxy admins can set the spend of a key');
  if (request.spend !== undefined && request.spend !== null) key.spend = request.spend;
  if (request.key_alias !== undefined) key.keyAlias = request.key_alias;
  if (request.duration !== undefined) {
    key.expiresAt = request.duration === null ? null : new Date(Date.now() + parseDuration(request.duration)!);
  }
  if (request.models !== undefined) key.models = request.models ?? [];
  if (request.max_budget !== undefined) key.maxBudget = request.max_budget;
  if (request.budget_duration !== undefined) key.budgetDuration = request.budget_duration;
  if (request.metadata !== undefined) key.metadata = request.metadata ?? {};
  if (request.tpm_limit !== undefined) key.tpmLimit = request.tpm_limit;
  if (request.rpm_limit !== undefined) key.rpmLimit = request.rpm_limit;
  if (request.max_parallel_requests !== undefined) key.maxParallelRequests = request.max_parallel_requests;
  if (request.blocked !== undefined && request.blocked !== null) key.blocked = request.blocked;
  if (request.permissions !== undefined) key.permissions = request.permissions ?? {};
  if (request.tags !== undefined) key.tags = request.tags ?? [];
  if (request.key_type !== undefined) key.keyType = request.key_type;
  if (request.aliases !== undefined) key.aliases = request.aliases ?? {};
  if (request.config !== undefined) key.config = request.config ?? {};
  if (request.soft_budget !== undefined) key.softBudget = request.soft_budget;
  if (request.model_max_budget !== undefined) key.modelMaxBudget = request.model_max_budget ?? {};
  if (request.model_rpm_limit !== undefined) key.modelRpmLimit = request.model_rpm_limit;
  if (request.model_tpm_limit !== undefined) key.modelTpmLimit = request.model_tpm_limit;
  if (request.guardrails !== undefined) key.guardrails = request.guardrails;
  if (request.allowed_routes !== undefined) key.allowedRoutes = request.allowed_routes ?? [];
  if (request.allowed_cache_controls !== undefined) key.allowedCacheControls = request.allowed_cache_controls ?? [];
  if (request.enforced_params !== undefined) key.enforcedParams = request.enforced_params;
  if (request.object_permission !== undefined) key.objectPermission = request.object_permission;
  if (request.organization_id !== undefined) key.organizationId = request.organization_id;
  if (request.budget_id !== undefined) key.budgetId = request.budget_id;
  // send_invite_email: accepted and ignored (no email is sent from here).
}

function contextOfKey(target: AuthorizedTarget): DecisionContext {
  return target.resource?.teamId ? { kind: 'team', teamId: target.resource.teamId } : { kind: 'global' };
}

function withoutHash(view: KeyView): Omit<KeyView, 'token'> {
  const { token: _hash, ...rest } = view;
  return rest;
}

function abbreviateReference(reference: string): string {
  return reference.startsWith('sk-') ? abbreviateKey(reference) : reference.slice(0, 12);
}
