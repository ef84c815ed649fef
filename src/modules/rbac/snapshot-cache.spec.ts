import { describe, expect, it } from '@jest/globals';
import { SnapshotCache, type UserAccessRows } from './snapshot-cache.js';

const rows = (label: string): UserAccessRows => ({
  memberships: new Map(),
  assignments: [{ assignmentId: label } as never],
  organizations: new Map(),
  organizationTeams: new Map(),
});

describe('SnapshotCache', () => {
  it('serves rows only under the epoch they were loaded with', () => {
    const cache = new SnapshotCache();
    const loaded = rows('a');
    cache.set('u1', '7', loaded);
    expect(cache.get('u1', '7')).toBe(loaded);
    expect(cache.get('u2', '7')).toBeUndefined();
  });

  it('drops an entry as soon as a request reads a different epoch', () => {
    const cache = new SnapshotCache();
    cache.set('u1', '7', rows('a'));
    expect(cache.get('u1', '8')).toBeUndefined();
    // Gone, not kept for the old epoch: epochs only move forward.
    expect(cache.get('u1', '7')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('replaces an entry on reload', () => {
    const cache = new SnapshotCache();
    cache.set('u1', '7', rows('a'));
    const newer = rows('b');
    cache.set('u1', '8', newer);
    expect(cache.get('u1', '8')).toBe(newer);
    expect(cache.size).toBe(1);
  });

  it('stays bounded, evicting the least recently loaded user', () => {
    const cache = new SnapshotCache(2);
    cache.set('u1', '1', rows('a'));
    cache.set('u2', '1', rows('b'));
    cache.set('u3', '1', rows('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('u1', '1')).toBeUndefined();
    expect(cache.get('u2', '1')).toBeDefined();
    expect(cache.get('u3', '1')).toBeDefined();
  });
});
