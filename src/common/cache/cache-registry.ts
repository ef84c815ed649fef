import { Injectable } from '@nestjs/common';
import type { CacheStats, TaggedCache } from './tagged-cache.js';

/** Where each warm-path cache registers, so that their sizes are reported in one place (`GET /health/cache`). */
@Injectable()
export class CacheRegistry {
  private readonly caches: TaggedCache<object>[] = [];

  register<V extends object>(cache: TaggedCache<V>): TaggedCache<V> {
    this.caches.push(cache as unknown as TaggedCache<object>);
    return cache;
  }

  stats(): CacheStats[] {
    return this.caches.map((cache) => cache.stats());
  }
}
