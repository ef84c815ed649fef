import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { CacheRegistry } from '../common/cache/cache-registry.js';
import { ChangeFeed, type FeedTransport } from '../common/cache/change-feed.js';
import { sha256Hex } from '../common/crypto/secrets.js';
import { PrincipalLoader } from './principal-loader.service.js';

/** A listener that hears its own notifications (and whatever `deliver` announces). */
class EchoTransport implements FeedTransport {
  readonly remote = false;
  readonly applicationName = null;
  private onPayload: ((payload: string) => void) | null = null;
  async open(onPayload: (payload: string) => void): Promise<void> {
    this.onPayload = onPayload;
  }
  async notify(payload: string): Promise<void> {
    this.deliver(payload);
  }
  deliver(payload: string): void {
    const target = this.onPayload;
    if (target) setImmediate(() => target(payload));
  }
  async drop(): Promise<void> {
    this.onPayload = null;
  }
}

const RAW = 'sk-cached-key';
const EXPIRES = new Date('2030-01-01T00:00:00.000Z');

function keyRow(overrides: Record<string, unknown> = {}) {
  return {
    id: 'k1',
    kind: 'virtual_key',
    team_id: 't1',
    key_type: null,
    allowed_routes: [],
    blocked: false,
    expires_at: EXPIRES,
    revoked_at: null,
    server_id: null,
    scope_permissions: null,
    ip_restrictions: null,
    time_restrictions: null,
    team_blocked: false,
    owner_id: 'u1',
    owner_user_id: 'alice',
    owner_email: 'alice@example.com',
    owner_is_admin: false,
    owner_user_role: 'internal_user',
    owner_is_active: true,
    by_current_hash: true,
    previous_token_expires_at: null,
    access_epoch: '7',
    ...overrides,
  };
}

describe('PrincipalLoader with the credential cache', () => {
  const transport = new EchoTransport();
  const feed = new ChangeFeed(transport, { heartbeatMs: 0 });
  let rows: Record<string, unknown>[] = [keyRow()];
  let queries = 0;
  const dataSource = {
    query: async (sql: string, parameters: unknown[]) => {
      queries++;
      if (sql.includes('FROM api_keys')) return parameters[0] === sha256Hex(RAW) ? rows : [];
      return [];
    },
  } as unknown as DataSource;
  const loader = new PrincipalLoader(dataSource, feed, new CacheRegistry(), { cache: { maxEntries: 1000 } });

  beforeAll(() => feed.start());
  afterAll(() => feed.close());

  const announced = async (payload: string) => {
    transport.deliver(payload);
    expect(await feed.barrier()).toBe(true);
  };

  it('reads once, then answers from the cache; a key that expires while cached is refused at its expiry instant', async () => {
    queries = 0;
    const before = new Date(EXPIRES.getTime() - 1);
    expect((await loader.fromVirtualKey(RAW, before)).key?.id).toBe('k1');
    expect((await loader.fromVirtualKey(RAW, before)).accessEpoch).toBeNull(); // served from the cache
    expect(queries).toBe(1);
    await expect(loader.fromVirtualKey(RAW, EXPIRES)).rejects.toThrow('Expired Key');
    expect(queries).toBe(1);
  });

  it('a change to the key, its owner or its team drops it; an unrelated change does not', async () => {
    const now = new Date('2029-01-01T00:00:00Z');
    await announced('api_keys:k1');
    queries = 0;
    await loader.fromVirtualKey(RAW, now);
    await announced('api_keys:other');
    await announced('teams:t2:');
    await announced('users:u2');
    await loader.fromVirtualKey(RAW, now);
    expect(queries).toBe(1);

    rows = [keyRow({ team_blocked: true })];
    await announced('teams:t1:');
    await expect(loader.fromVirtualKey(RAW, now)).rejects.toThrow('Team=t1 is blocked');
    rows = [keyRow({ owner_is_active: false })];
    await announced('users:u1');
    await expect(loader.fromVirtualKey(RAW, now)).rejects.toThrow('owner is inactive');
    expect(queries).toBe(3);
  });

  it("a key found by its previous hash is honoured only until the grace period's end", async () => {
    const graceEnd = new Date('2029-06-01T00:00:00Z');
    rows = [keyRow({ by_current_hash: false, previous_token_expires_at: graceEnd })];
    await announced('api_keys:k1');
    queries = 0;
    await loader.fromVirtualKey(RAW, new Date(graceEnd.getTime() - 1000));
    await loader.fromVirtualKey(RAW, new Date(graceEnd.getTime() - 1));
    expect(queries).toBe(1);
    rows = []; // the database no longer matches the previous hash
    await expect(loader.fromVirtualKey(RAW, graceEnd)).rejects.toThrow('Key not found');
    expect(queries).toBe(2);
  });

  it('unknown keys are not cached (a flood of them cannot evict the known ones)', async () => {
    queries = 0;
    await expect(loader.fromVirtualKey('sk-unknown')).rejects.toThrow('Key not found');
    await expect(loader.fromVirtualKey('sk-unknown')).rejects.toThrow('Key not found');
    expect(queries).toBe(2);
  });
});
