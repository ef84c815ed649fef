import { describe, expect, it } from '@jest/globals';
import { cacheBudget } from './access-cache.module.js';
import { TaggedCache } from './tagged-cache.js';

describe('TaggedCache', () => {
  it('evicts the least recently used entry at its bound, and its tags with it', () => {
    const cache = new TaggedCache<{ n: number }>('test', 3);
    cache.set('a', { n: 1 }, ['user:1']);
    cache.set('b', { n: 2 }, ['user:2']);
    cache.set('c', { n: 3 }, ['user:3']);
    expect(cache.get('a')).toEqual({ n: 1 }); // a is now the most recent
    cache.set('d', { n: 4 }, ['user:4']);
    expect(cache.size).toBe(3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual({ n: 1 });
    expect(cache.indexSize).toEqual({ tags: 3, keys: 3 });
  });

  it('drops exactly the entries carrying a tag', () => {
    const cache = new TaggedCache<{ n: number }>('test', 10);
    cache.set('k1', { n: 1 }, ['key:1', 'user:u', 'team:t']);
    cache.set('k2', { n: 2 }, ['key:2', 'user:u']);
    cache.set('k3', { n: 3 }, ['key:3', 'team:t']);
    cache.set('k4', { n: 4 }, ['key:4']);
    cache.invalidateTag('user:u');
    expect([cache.get('k1'), cache.get('k2'), cache.get('k3'), cache.get('k4')].map((v) => v?.n)).toEqual([undefined, undefined, 3, 4]);
    cache.invalidateTag('team:t');
    expect(cache.get('k3')).toBeUndefined();
    expect(cache.size).toBe(1);
    expect(cache.indexSize).toEqual({ tags: 1, keys: 1 });
    expect(cache.stats()).toMatchObject({ name: 'test', entries: 1, max: 10, invalidations: 3 });
  });

  it('re-setting a key replaces its tags', () => {
    const cache = new TaggedCache<{ n: number }>('test', 10);
    const value = { n: 1 };
    cache.set('k', value, ['team:old']);
    cache.set('k', value, ['team:new']);
    cache.invalidateTag('team:old');
    expect(cache.get('k')).toBe(value);
    cache.invalidateTag('team:new');
    expect(cache.get('k')).toBeUndefined();
    expect(cache.indexSize).toEqual({ tags: 0, keys: 0 });
  });

  it('100,000 distinct credentials keep the cache and its index at the bound (memory stays flat)', () => {
    const max = cacheBudget(20_000).credentials;
    const cache = new TaggedCache<{ id: string }>('credentials', max);
    const sizes: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      cache.set(`virtual_key:${i.toString(16).padStart(64, '0')}`, { id: `k${i}` }, [`key:k${i}`, `user:u${i % 5000}`, `team:t${i % 300}`]);
      if (i % 10_000 === 9_999) sizes.push(cache.size);
    }
    expect(max).toBe(8_000);
    expect(sizes.every((size) => size === max)).toBe(true);
    const index = cache.indexSize;
    expect(index.keys).toBe(max);
    // One tag per key, plus at most every user and team tag.
    expect(index.tags).toBeLessThanOrEqual(max + 5000 + 300);
  });

  it('splits ACCESS_CACHE_MAX_ENTRIES between the caches without exceeding it', () => {
    expect(cacheBudget(100_000)).toEqual({ credentials: 40_000, users: 20_000, snapshots: 25_000, resolvedKeys: 7_500, usageFacts: 7_500 });
    const small = cacheBudget(101);
    expect(small.credentials + small.users + small.snapshots + small.resolvedKeys + small.usageFacts).toBe(101);
  });
});
