import { LRUCache } from 'lru-cache';

/** Counts for `GET /health/cache`: no keys, no values. */
export interface CacheStats {
  name: string;
  entries: number;
  max: number;
  hits: number;
  misses: number;
  invalidations: number;
}

/**
 * A bounded LRU whose entries carry tags (`key:<id>`, `user:<id>`, `team:<id>`...), so a change to one entity
 * drops exactly the entries built from it. The tag index follows the LRU: an entry evicted, replaced or deleted
 * leaves the index with it, so the index never outgrows the cache.
 */
export class TaggedCache<V extends object> {
  private readonly lru: LRUCache<string, V>;
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly tagsByKey = new Map<string, readonly string[]>();
  private hits = 0;
  private misses = 0;
  private invalidations = 0;

  constructor(
    readonly name: string,
    readonly max: number,
  ) {
    this.lru = new LRUCache<string, V>({
      max,
      // Runs for evictions, replacements and deletions alike.
      dispose: (_value, key) => this.unindex(key),
    });
  }

  get(key: string): V | undefined {
    const value = this.lru.get(key);
    if (value === undefined) this.misses++;
    else this.hits++;
    return value;
  }

  set(key: string, value: V, tags: readonly string[]): void {
    this.unindex(key);
    // Disposes of any previous value under this key (synchronously) and of the least recently used at the bound.
    this.lru.set(key, value);
    this.tagsByKey.set(key, tags);
    for (const tag of tags) {
      let keys = this.keysByTag.get(tag);
      if (!keys) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  delete(key: string): void {
    if (this.lru.delete(key)) this.invalidations++;
  }

  /** Drops every entry carrying this tag. */
  invalidateTag(tag: string): void {
    const keys = this.keysByTag.get(tag);
    if (!keys) return;
    for (const key of [...keys]) this.delete(key);
  }

  clear(): void {
    this.lru.clear();
    this.keysByTag.clear();
    this.tagsByKey.clear();
  }

  get size(): number {
    return this.lru.size;
  }

  /** Index sizes, for tests: they must follow the cache. */
  get indexSize(): { tags: number; keys: number } {
    return { tags: this.keysByTag.size, keys: this.tagsByKey.size };
  }

  stats(): CacheStats {
    return {
      name: this.name,
      entries: this.lru.size,
      max: this.max,
      hits: this.hits,
      misses: this.misses,
      invalidations: this.invalidations,
    };
  }

  private unindex(key: string): void {
    const tags = this.tagsByKey.get(key);
    if (!tags) return;
    this.tagsByKey.delete(key);
    for (const tag of tags) {
      const keys = this.keysByTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.keysByTag.delete(tag);
    }
  }
}
