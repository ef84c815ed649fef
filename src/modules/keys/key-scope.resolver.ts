import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cacheBudget } from '../../common/cache/access-cache.module.js';
import { CacheRegistry } from '../../common/cache/cache-registry.js';
import { type ChangeEvent, ChangeFeed } from '../../common/cache/change-feed.js';
import { TaggedCache } from '../../common/cache/tagged-cache.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { TeamsService } from '../teams/teams.service.js';
import { UsersService } from '../users/users.service.js';
import type { Principal } from '../../auth/principal.js';
import { type ResolvedResource, ResourceScopeRegistry, type ScopeReferences } from '../rbac/resource-scope.registry.js';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { keyHashOf } from './key-lookup.js';

export const KEY_RESOURCE = 'key';

/** What the resolver hands the handler with each key: the whole row and its owner's LiteLLM `user_id`. */
export interface LoadedKey {
  key: ApiKeyEntity;
  ownerUserId: string | null;
}

/** The row the key resolver loaded for this resource (undefined for resources another resolver found). */
export function loadedKeyOf(resource: ResolvedResource | undefined): LoadedKey | undefined {
  const loaded = resource?.loaded as LoadedKey | undefined;
  return loaded?.key instanceof ApiKeyEntity ? loaded : undefined;
}

/**
 * Tells the guard which keys a key request names and which team each acts in: a team key's team, or for a
 * personal key its owner's personal team (where the owner, and nobody else, holds team_admin). Owners may always
 * read their keys. The handler then acts on exactly the keys found here, and reads them from here (`loaded`).
 *
 * A request naming one key by its value (or the caller's own key) is answered from a cache while the change feed is
 * healthy: each entry is tagged with the key, its owner and the team it acts in, and any committed change to one of
 * them drops it on every instance. Aliases are never cached: a key created later may take one.
 */
@Injectable()
export class KeyScopeResolver implements OnModuleInit {
  private readonly resolved: TaggedCache<ResolvedResource>;

  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
    private readonly users: UsersService,
    private readonly feed: ChangeFeed,
    caches: CacheRegistry,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'cache'>,
  ) {
    this.resolved = caches.register(new TaggedCache<ResolvedResource>('resolved_keys', cacheBudget(config.cache.maxEntries).resolvedKeys));
    feed.subscribe((event) => this.apply(event));
  }

  onModuleInit(): void {
    this.registry.register(KEY_RESOURCE, { label: 'Key', resolve: (references, principal) => this.resolve(references, principal) });
  }

  private apply(event: ChangeEvent): void {
    if (event.kind === 'flush') return this.resolved.clear();
    const tag = { api_keys: 'key', users: 'user', teams: 'team' }[event.table];
    if (tag) this.resolved.invalidateTag(`${tag}:${event.id}`);
  }

  async resolve(references: ScopeReferences, principal: Principal): Promise<ResolvedResource[]> {
    const { hashes, aliases, ownKeyId } = referencesOf(references, principal);
    if (hashes.length === 0 && aliases.length === 0 && !ownKeyId) return [];
    const cacheKey = singleKeyCacheKey(hashes, aliases, ownKeyId);
    if (cacheKey && this.feed.healthy) {
      const hit = this.resolved.get(cacheKey);
      if (hit) return [hit];
    }
    const ticket = this.feed.ticket();
    const keys = await this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .where(`k.kind = 'virtual_key'`)
      .andWhere('(k.token_hash = ANY(:hashes) OR k.key_alias = ANY(:aliases) OR k.id = :ownKeyId)', { hashes, aliases, ownKeyId })
      .orderBy('k.created_at')
      .addOrderBy('k.id')
      .getMany();
    if (keys.length === 0) return [];
    const ownerIds = keys.flatMap((key) => (key.userId ? [key.userId] : []));
    // Personal keys act in their owner's personal team: the teams module says which (asked only when one is).
    const personalOwners = keys.flatMap((key) => (key.teamId === null && key.userId !== null ? [key.userId] : []));
    const [owners, personalTeamOf] = await Promise.all([
      this.users.identities(ownerIds),
      personalOwners.length ? this.teams.personalTeamIdsOf(personalOwners) : new Map<string, string>(),
    ]);
    const litellmUserId = new Map(owners.map((owner) => [owner.id, owner.userId]));
    const resolved = keys.map((key): ResolvedResource => {
      // Frozen: a cached entry is shared by every request that names this key, and handlers only read it.
      const loaded: LoadedKey = Object.freeze({
        key: Object.freeze(key),
        ownerUserId: key.userId ? (litellmUserId.get(key.userId) ?? null) : null,
      });
      return {
        id: key.id,
        teamId: key.teamId ?? (key.userId ? (personalTeamOf.get(key.userId) ?? null) : null),
        ownerUserId: key.userId,
        ownerPermissions: ['keys.read'],
        keyId: key.id,
        loaded,
      };
    });
    if (cacheKey && resolved.length === 1 && this.feed.valid(ticket)) {
      const [only] = resolved;
      const tags = [`key:${only.id}`];
      if (only.ownerUserId) tags.push(`user:${only.ownerUserId}`);
      if (only.teamId) tags.push(`team:${only.teamId}`);
      this.resolved.set(cacheKey, Object.freeze(only), tags);
    }
    return resolved;
  }
}

/** One key named by value, or the caller's own: cacheable. Several, or any alias: not. */
function singleKeyCacheKey(hashes: readonly string[], aliases: readonly string[], ownKeyId: string | null): string | null {
  if (aliases.length > 0) return null;
  if (hashes.length === 1 && !ownKeyId) return `hash:${hashes[0]}`;
  if (hashes.length === 0 && ownKeyId) return `id:${ownKeyId}`;
  return null;
}

/** The declared `key` (one), `keys` and `key_aliases` (lists); nothing named means the caller's own key. */
function referencesOf(references: ScopeReferences, principal: Principal) {
  const list = (value: string | readonly string[] | undefined): readonly string[] =>
    value === undefined ? [] : typeof value === 'string' ? [value] : value;
  const named = [...list(references.key), ...list(references.keys)];
  const aliases = list(references.key_aliases);
  const hashes = named.map(keyHashOf).filter((h): h is string => h !== null);
  // GET /key/info without ?key= is about the caller's own key.
  // An API token is no LiteLLM key: it has no key of its own to show.
  const ownKey = principal.key?.kind === 'virtual_key' ? principal.key.id : null;
  const ownKeyId = named.length === 0 && aliases.length === 0 ? ownKey : null;
  return { hashes: [...new Set(hashes)], aliases: [...aliases], ownKeyId };
}
