import { Inject, Injectable } from '@nestjs/common';
import { cacheBudget } from '../../common/cache/access-cache.module.js';
import { CacheRegistry } from '../../common/cache/cache-registry.js';
import { type ChangeEvent, ChangeFeed } from '../../common/cache/change-feed.js';
import { TaggedCache } from '../../common/cache/tagged-cache.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { KeyUsageFacts } from '../keys/keys.service.js';
import type { UsageLimits } from '../rbac/forwarded-request.js';

/** What forward auth reads about a credential besides its identity: the key's facts and every applicable limit. */
export interface UsageFacts {
  key: KeyUsageFacts | null;
  limits: UsageLimits;
}

/** The entities a credential's usage facts were built from: a change to any of them drops the entry. */
export interface UsageFactsSources {
  keyId: string | null;
  teamId: string | null;
  userId: string | null;
  organizationId: string | null;
}

/**
 * Forward auth asks about the same credentials many times a second: their model lists, budgets and spend are kept
 * here while the change feed is healthy. Spend is a column of keys, teams and users, so each spend update is a
 * change the feed announces and drops the entry on every instance: a budget that runs out counts at the next
 * request after the commit that spent it.
 */
@Injectable()
export class UsageFactsCache {
  private readonly entries: TaggedCache<UsageFacts>;

  constructor(
    private readonly feed: ChangeFeed,
    caches: CacheRegistry,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'cache'>,
  ) {
    this.entries = caches.register(new TaggedCache<UsageFacts>('usage_facts', cacheBudget(config.cache.maxEntries).usageFacts));
    feed.subscribe((event) => this.apply(event));
  }

  /** The cached facts, or the loader's (stored only if nothing they were built from changed meanwhile). */
  async get(cacheKey: string, load: () => Promise<{ facts: UsageFacts; sources: UsageFactsSources }>): Promise<UsageFacts> {
    if (this.feed.healthy) {
      const hit = this.entries.get(cacheKey);
      if (hit) return hit;
    }
    const ticket = this.feed.ticket();
    const { facts, sources } = await load();
    if (this.feed.valid(ticket)) this.entries.set(cacheKey, Object.freeze(facts), tagsOf(sources));
    return facts;
  }

  private apply(event: ChangeEvent): void {
    if (event.kind === 'flush') return this.entries.clear();
    const tag = { api_keys: 'key', teams: 'team', users: 'user', organizations: 'organization' }[event.table];
    if (tag) this.entries.invalidateTag(`${tag}:${event.id}`);
  }
}

function tagsOf(sources: UsageFactsSources): string[] {
  const tags: string[] = [];
  if (sources.keyId) tags.push(`key:${sources.keyId}`);
  if (sources.teamId) tags.push(`team:${sources.teamId}`);
  if (sources.userId) tags.push(`user:${sources.userId}`);
  if (sources.organizationId) tags.push(`organization:${sources.organizationId}`);
  return tags;
}
