import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { AUDIT_RECORDER, type AuditRecorder } from '../../common/audit/audit-recorder.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../common/database/pg-errors.js';
import { abbreviateKey, generateVirtualKey } from '../../common/crypto/secrets.js';
import { badRequest, DomainError, ErrorCode, forbidden, notFound } from '../../common/errors/domain-error.js';
import { parseDuration } from '../../common/time/duration.js';
import type { DecisionContext } from '../rbac/access-snapshot.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import type { ResolvedResource } from '../rbac/resource-scope.registry.js';
import { RolesService } from '../rbac/roles.service.js';
import { MembershipsService } from '../teams/memberships.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { UsersService } from '../users/users.service.js';
import type { DeleteKeysRequest } from './dto/delete-keys.request.js';
import type { GenerateKeyRequest } from './dto/generate-key.request.js';
import type { BulkUpdateKeysRequest } from './dto/bulk-update-keys.request.js';
import type { KeyAliasesQuery } from './dto/key-aliases.query.js';
import type { KeyListQuery, KeySortColumn } from './dto/key-list.query.js';
import type { ResetSpendRequest } from './dto/reset-spend.request.js';
import type { RegenerateKeyRequest } from './dto/regenerate-key.request.js';
import type { UpdateKeyRequest } from './dto/update-key.request.js';
import { credentialHash } from './credential-store.js';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { keyCeilingViolation } from './key-ceilings.js';
import { keyAuditEvent } from './key-audit.js';
import { loadedKeyOf } from './key-scope.resolver.js';
import { keyHashOf } from './key-lookup.js';
import { toKeyView, type KeyView } from './key-view.js';

export type GeneratedKey = KeyView & { key: string };

/** The "who" LiteLLM records in created_by/updated_by. */
const actorOf = (principal: Principal): string => principal.user?.userId ?? 'default_user_id';

/**
 * Virtual keys. The guard has already asked the engine about the route in the key's team; this service keeps the
 * row-level rules: owners, moving keys between teams, aliases, expiry, and the raw key shown only once.
 */
/** See `KeysService.usageFactsOf`. */
export interface KeyUsageFacts {
  alias: string | null;
  /** `sk-...abcd`, for messages. */
  keyName: string;
  models: string[];
  maxBudget: number | null;
  spend: number;
  organizationId: string | null;
}

@Injectable()
export class KeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly teams: TeamsService,
    private readonly memberships: MembershipsService,
    private readonly roles: RolesService,
    @Inject(AUDIT_RECORDER) private readonly audit: AuditRecorder,
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
        tokenHash: credentialHash(raw),
        keyName: abbreviateKey(raw),
        userId: ownerId,
        teamId,
        createdBy: actorOf(principal),
        updatedBy: actorOf(principal),
      });
      applyKeyFields(key, request, isAdmin);
      const saved = await this.saveKey(tx, key);
      this.audit.record(keyAuditEvent('key_created', principal, saved));
      return { ...toKeyView(saved, await this.userIdOf(tx, ownerId)), key: raw };
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  async findByReference(reference: string): Promise<ApiKeyEntity | null> {
    const hash = keyHashOf(reference);
    return hash ? this.dataSource.getRepository(ApiKeyEntity).findOneBy({ tokenHash: hash, kind: 'virtual_key' }) : null;
  }

  /** What forward auth needs of a virtual key beyond its credential: its names, model list, budget and spend. */
  async usageFactsOf(keyId: string): Promise<KeyUsageFacts | null> {
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOne({
      where: { id: keyId, kind: 'virtual_key' },
      select: { id: true, keyAlias: true, keyName: true, models: true, maxBudget: true, spend: true, organizationId: true },
    });
    return key
      ? {
          alias: key.keyAlias,
          keyName: key.keyName,
          models: key.models ?? [],
          maxBudget: key.maxBudget,
          spend: key.spend ?? 0,
          organizationId: key.organizationId,
        }
      : null;
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
    // The row the guard's resolver read to authorize this very request: not read again.
    const loaded = loadedKeyOf(target.resource);
    if (!loaded && reference) throw notFound(`Key ${abbreviateReference(reference)}`);
    if (!loaded) throw badRequest('Pass ?key=<key> (the master key has no key record of its own)', 'key');
    const { key, ownerUserId } = loaded;
    const view = toKeyView(key, ownerUserId);
    // LiteLLM: the row without the hash (token_id is the same hash under another name).
    const { token: _hash, token_id: _hashAgain, ...info } = view;
    return { key: reference ?? key.tokenHash, info };
  }

  async list(principal: Principal, query: KeyListQuery) {
    const page = query.page ?? 1;
    const size = query.size ?? 10;
    const qb = await this.visibleKeys(principal, query.include_team_keys !== false);
    if (query.user_id) {
      // Owners are named by their LiteLLM user_id; nobody by that name owns nothing.
      const owner = await this.users.findByUserId(query.user_id);
      qb.andWhere('k.user_id = :ownerId', { ownerId: owner?.id ?? NO_ROW });
    }
    if (query.team_id) qb.andWhere('k.team_id = :teamId', { teamId: query.team_id });
    if (query.key_alias) qb.andWhere('k.key_alias = :alias', { alias: query.key_alias });
    if (query.organization_id) qb.andWhere('k.organization_id = :organizationId', { organizationId: query.organization_id });
    if (query.key_hash) qb.andWhere('k.token_hash = :hash', { hash: keyHashOf(query.key_hash) ?? '' });
    const total = await qb.getCount();
    const order = query.sort_order === 'asc' ? 'ASC' : 'DESC';
    const entities = await qb
      .orderBy(SORT_COLUMNS[query.sort_by ?? 'created_at'], order, order === 'ASC' ? 'NULLS FIRST' : 'NULLS LAST')
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

  /** LiteLLM `GET /key/aliases`: the distinct aliases of the keys `/key/list` would show the caller. */
  async aliases(principal: Principal, query: KeyAliasesQuery) {
    const page = query.page ?? 1;
    const size = query.size ?? 50;
    const qb = await this.visibleKeys(principal, true);
    qb.andWhere('k.key_alias IS NOT NULL');
    if (query.search) qb.andWhere("k.key_alias ILIKE :search ESCAPE '\\'", { search: `%${escapeLike(query.search)}%` });
    const total = await qb.clone().select('COUNT(DISTINCT k.key_alias)', 'n').getRawOne<{ n: string }>();
    const rows = await qb
      .select('k.key_alias', 'alias')
      .distinct(true)
      .orderBy('k.key_alias', 'ASC')
      .offset((page - 1) * size)
      .limit(size)
      .getRawMany<{ alias: string }>();
    const totalCount = Number(total?.n ?? 0);
    return { aliases: rows.map((r) => r.alias), total_count: totalCount, current_page: page, total_pages: Math.ceil(totalCount / size) };
  }

  /**
   * The keys a caller may list: all for those who read keys globally; otherwise their own and (with `teamKeys`) the
   * keys of the teams whose keys they manage (the engine's rule: team admins).
   */
  private async visibleKeys(principal: Principal, teamKeys: boolean) {
    // API tokens share the table and are listed by /tokens only.
    const qb = this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder('k').where("k.kind = 'virtual_key'");
    const global = await this.roles.decide(principal, 'keys.read', { kind: 'global' });
    if (global.granted) return qb;
    const snapshot = await this.roles.snapshot(principal);
    const managedTeams = teamKeys ? await this.roles.keyManagedTeams(principal) : [];
    const inManaged = managedTeams.length ? ' OR k.team_id IN (:...teams)' : '';
    return qb.andWhere(`(k.user_id = :self${inManaged})`, { self: snapshot.userId ?? NO_ROW, teams: managedTeams });
  }

  /** LiteLLM `POST /v2/key/info`: the keys the guard authorized (each in its own team), as named. */
  async infoMany(target: AuthorizedTarget, references: readonly string[]) {
    // The rows the guard's resolver read (in creation order) to authorize this very request: not read again.
    const found = target.resources.flatMap((resource) => {
      const loaded = loadedKeyOf(resource);
      return loaded ? [loaded] : [];
    });
    if (found.length === 0) throw notFound('None of the keys');
    const info = found.map(({ key, ownerUserId }) => withoutHash(toKeyView(key, ownerUserId)));
    return { key: references, info };
  }

  async update(principal: Principal, target: AuthorizedTarget, request: UpdateKeyRequest) {
    const isAdmin = await this.roles.isPlatformAdmin(principal);
    return this.dataSource.transaction(async (tx) => {
      const key = await this.lockKey(tx, target.resource, request.key);
      return this.updateLocked(tx, principal, isAdmin, target.resource!, key, request);
    });
  }

  /**
   * LiteLLM `POST /key/bulk_update`: every key was authorized by the guard as `/key/update` in its own team. All or
   * nothing, in one transaction: the first failing item (unknown key, ceiling, a right missing for one field) fails
   * the request and names the key, so no caller is left guessing which half of a bulk change happened. The answer
   * keeps LiteLLM's shape (`failed_updates` is then always empty).
   */
  async bulkUpdate(principal: Principal, target: AuthorizedTarget, request: BulkUpdateKeysRequest) {
    const isAdmin = await this.roles.isPlatformAdmin(principal);
    return this.dataSource.transaction(async (tx) => {
      const byHash = new Map<string, ResolvedResource>();
      const ids = target.resources.map((r) => r.id);
      const rows = ids.length
        ? await tx.getRepository(ApiKeyEntity).find({ where: { id: In(ids) }, select: { id: true, tokenHash: true } })
        : [];
      for (const row of rows)
        byHash.set(
          row.tokenHash,
          target.resources.find((r) => r.id === row.id)!,
        );
      const successful_updates = [];
      for (const item of request.keys) {
        const resource = byHash.get(keyHashOf(item.key) ?? '');
        const key = await this.lockKey(tx, resource, item.key);
        try {
          successful_updates.push(await this.updateLocked(tx, principal, isAdmin, resource!, key, item));
        } catch (error) {
          if (error instanceof DomainError) {
            throw new DomainError(error.code, `Key ${abbreviateReference(item.key)}: ${error.message}`, error.details);
          }
          throw error;
        }
      }
      return { total_requested: request.keys.length, successful_updates, failed_updates: [] as never[] };
    });
  }

  /**
   * LiteLLM `POST /key/{key}/reset_spend`: proxy admins, and team admins (or members granted the route) for team
   * keys. A personal key's owner holds every key right on it, but resetting their own spend would lift their own
   * budget, so personal keys are reset by proxy admins only. `reset_to` may lower the spend, never raise it.
   */
  async resetSpend(principal: Principal, target: AuthorizedTarget, reference: string, request: ResetSpendRequest) {
    const isAdmin = await this.roles.isPlatformAdmin(principal);
    return this.dataSource.transaction(async (tx) => {
      const key = await this.lockKey(tx, target.resource, reference);
      if (!key.teamId && !isAdmin) throw forbidden('Only proxy admins can reset the spend of a personal key');
      if (request.reset_to > key.spend) {
        throw badRequest(`reset_to (${request.reset_to}) must be less than or equal to the current spend (${key.spend})`, 'reset_to');
      }
      if (key.maxBudget !== null && request.reset_to > key.maxBudget) {
        throw badRequest(`reset_to (${request.reset_to}) must be less than or equal to max_budget (${key.maxBudget})`, 'reset_to');
      }
      const previous = key.spend;
      key.spend = request.reset_to;
      key.updatedBy = actorOf(principal);
      const saved = await tx.getRepository(ApiKeyEntity).save(key);
      return { key_hash: saved.tokenHash, spend: saved.spend, previous_spend: previous, max_budget: saved.maxBudget };
    });
  }

  private async updateLocked(
    tx: EntityManager,
    principal: Principal,
    isAdmin: boolean,
    resource: ResolvedResource,
    key: ApiKeyEntity,
    request: UpdateKeyRequest,
  ) {
    if (request.blocked !== undefined && request.blocked !== null && request.blocked !== key.blocked) {
      // Blocking is its own right (LiteLLM's /key/block, /key/unblock): an update cannot lift an admin's block.
      await this.roles.require(principal, 'keys.block', contextOf(resource), { route: '/key/update', resource });
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
    this.audit.record(keyAuditEvent('key_updated', principal, saved));
    const view = toKeyView(saved, await this.userIdOf(tx, saved.userId));
    return { key: request.key, ...withoutHash(view) };
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
      for (const key of found) this.audit.record(keyAuditEvent('key_deleted', null, key));
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
      const key = await this.lockKey(tx, target.resource, reference);
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
      key.tokenHash = credentialHash(raw);
      key.keyName = abbreviateKey(raw);
      if (!isAdmin) await this.assertWithinCeilings(tx, principal, key.teamId, request);
      applyKeyFields(key, request, isAdmin);
      key.updatedBy = actorOf(principal);
      const saved = await this.saveKey(tx, key);
      this.audit.record(keyAuditEvent('key_regenerated', principal, saved));
      return { ...toKeyView(saved, await this.userIdOf(tx, saved.userId)), key: raw };
    });
  }

  async setBlocked(principal: Principal, target: AuthorizedTarget, reference: string, blocked: boolean): Promise<KeyView> {
    return this.dataSource.transaction(async (tx) => {
      const key = await this.lockKey(tx, target.resource, reference);
      key.blocked = blocked;
      key.updatedBy = actorOf(principal);
      const saved = await tx.getRepository(ApiKeyEntity).save(key);
      this.audit.record(keyAuditEvent(blocked ? 'key_blocked' : 'key_unblocked', principal, saved));
      return toKeyView(saved, await this.userIdOf(tx, saved.userId));
    });
  }

  /** Keys of one team, for `/team/info` (no hashes beyond the LiteLLM token). */
  async listForTeam(teamId: string): Promise<KeyView[]> {
    const keys = await this.dataSource
      .getRepository(ApiKeyEntity)
      .find({ where: { teamId, kind: 'virtual_key' }, order: { createdAt: 'ASC' } });
    return Promise.all(keys.map(async (k) => toKeyView(k, await this.userIdOf(this.dataSource.manager, k.userId))));
  }

  async listForUser(userId: string): Promise<KeyView[]> {
    const keys = await this.dataSource
      .getRepository(ApiKeyEntity)
      .find({ where: { userId, kind: 'virtual_key' }, order: { createdAt: 'ASC' } });
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
  private async lockKey(tx: EntityManager, resource: ResolvedResource | undefined, reference: string): Promise<ApiKeyEntity> {
    const id = resource?.id;
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

function contextOf(resource: ResolvedResource): DecisionContext {
  return resource.teamId ? { kind: 'team', teamId: resource.teamId } : { kind: 'global' };
}

/** Matches no row: "nobody by that name owns nothing". */
const NO_ROW = '00000000-0000-0000-0000-000000000000';

const SORT_COLUMNS: Readonly<Record<KeySortColumn, string>> = {
  created_at: 'k.created_at',
  updated_at: 'k.updated_at',
  expires: 'k.expires_at',
  spend: 'k.spend',
  max_budget: 'k.max_budget',
  key_alias: 'k.key_alias',
  key_name: 'k.key_name',
  team_id: 'k.team_id',
  user_id: 'k.user_id',
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function withoutHash(view: KeyView): Omit<KeyView, 'token'> {
  const { token: _hash, ...rest } = view;
  return rest;
}

function abbreviateReference(reference: string): string {
  return reference.startsWith('sk-') ? abbreviateKey(reference) : reference.slice(0, 12);
}
