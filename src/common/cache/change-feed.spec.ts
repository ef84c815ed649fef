import { afterEach, describe, expect, it } from '@jest/globals';
import { ChangeFeed, type ChangeEvent, type FeedTransport, parseChange } from './change-feed.js';

/** An in-memory channel: notifications come back asynchronously, like a real listener's. */
class FakeTransport implements FeedTransport {
  readonly remote = true;
  readonly applicationName = 'fake';
  opens = 0;
  failOpen = false;
  /** While true, sent notifications are swallowed (a silent network loss). */
  deaf = false;
  private onPayload: ((payload: string) => void) | null = null;
  private onLost: ((reason: string) => void) | null = null;

  async open(onPayload: (payload: string) => void, onLost: (reason: string) => void): Promise<void> {
    this.opens++;
    if (this.failOpen) throw new Error('refused');
    this.onPayload = onPayload;
    this.onLost = onLost;
  }

  async notify(payload: string): Promise<void> {
    if (!this.onPayload) throw new Error('not connected');
    this.deliver(payload);
  }

  /** A change committed by anyone. */
  deliver(payload: string): void {
    const target = this.onPayload;
    if (target && !this.deaf) setImmediate(() => target(payload));
  }

  kill(): void {
    const lost = this.onLost;
    this.onPayload = null;
    this.onLost = null;
    lost?.('terminated');
  }

  async drop(): Promise<void> {
    this.onPayload = null;
    this.onLost = null;
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('parseChange', () => {
  it.each([
    ['api_keys:5f0c', { kind: 'change', table: 'api_keys', id: '5f0c', ref: null }],
    ['team_members:1:u-2', { kind: 'change', table: 'team_members', id: '1', ref: 'u-2' }],
    ['teams:t1:', { kind: 'change', table: 'teams', id: 't1', ref: null }],
  ])('%s', (payload, event) => expect(parseChange(payload)).toEqual(event));

  it.each(['', 'nothing', 'api_keys:', 'API_KEYS:1', 'a:b:c:d'])('refuses %j', (payload) => expect(parseChange(payload)).toBeNull());
});

describe('ChangeFeed', () => {
  const feeds: ChangeFeed[] = [];
  afterEach(async () => {
    for (const feed of feeds.splice(0)) await feed.close();
  });

  function feedWith(transport: FakeTransport, options = {}) {
    const feed = new ChangeFeed(transport, { barrierTimeoutMs: 100, reconnectMinMs: 20, reconnectMaxMs: 50, heartbeatMs: 0, ...options });
    const events: ChangeEvent[] = [];
    feed.subscribe((event) => events.push(event));
    feeds.push(feed);
    return { feed, events };
  }

  it('is healthy only once listening is proven by a round trip and everything is flushed', async () => {
    const transport = new FakeTransport();
    const { feed, events } = feedWith(transport);
    expect(feed.healthy).toBe(false);
    expect(feed.ticket()).toBeNull();
    await feed.start();
    expect(feed.healthy).toBe(true);
    expect(events).toEqual([{ kind: 'flush' }]);
  });

  it('hands changes to subscribers and moves the version, so a read made before a change is not stored', async () => {
    const transport = new FakeTransport();
    const { feed, events } = feedWith(transport);
    await feed.start();
    const ticket = feed.ticket();
    expect(feed.valid(ticket)).toBe(true);
    transport.deliver('api_keys:k1');
    await tick();
    expect(events.at(-1)).toEqual({ kind: 'change', table: 'api_keys', id: 'k1', ref: null });
    expect(feed.valid(ticket)).toBe(false);
    // Barriers (ours or another instance's) are not changes.
    const next = feed.ticket();
    transport.deliver('barrier:someone-else');
    expect(await feed.barrier()).toBe(true);
    expect(feed.valid(next)).toBe(true);
  });

  it('flushes on an unreadable payload', async () => {
    const transport = new FakeTransport();
    const { feed, events } = feedWith(transport);
    await feed.start();
    transport.deliver('garbage');
    await tick();
    expect(events.at(-1)).toEqual({ kind: 'flush' });
  });

  it('a barrier resolves after everything delivered before it; callers of one tick share a token', async () => {
    const transport = new FakeTransport();
    const sent: string[] = [];
    const notify = transport.notify.bind(transport);
    transport.notify = async (payload) => {
      sent.push(payload);
      return notify(payload);
    };
    const { feed, events } = feedWith(transport);
    await feed.start();
    sent.splice(0);
    transport.deliver('users:u1');
    const results = await Promise.all([feed.barrier(), feed.barrier(), feed.barrier()]);
    expect(results).toEqual([true, true, true]);
    expect(sent).toHaveLength(1);
    expect(events.at(-1)).toEqual({ kind: 'change', table: 'users', id: 'u1', ref: null });
  });

  it('a lost connection flushes, bypasses the caches and reconnects with backoff', async () => {
    const transport = new FakeTransport();
    const { feed, events } = feedWith(transport);
    await feed.start();
    const ticket = feed.ticket();
    events.splice(0);
    transport.kill();
    expect(feed.healthy).toBe(false);
    expect(events).toEqual([{ kind: 'flush' }]);
    expect(feed.valid(ticket)).toBe(false);
    expect(await feed.barrier()).toBe(false); // nothing to wait for: nothing is trusted
    await sleep(100);
    expect(feed.healthy).toBe(true);
    expect(transport.opens).toBe(2);
    expect(feed.counters.reconnects).toBe(1);
    expect(events.at(-1)).toEqual({ kind: 'flush' });
  });

  it('a barrier that does not come back (silent loss) marks the feed down and reconnects', async () => {
    const transport = new FakeTransport();
    const { feed, events } = feedWith(transport);
    await feed.start();
    events.splice(0);
    transport.deaf = true;
    expect(await feed.barrier()).toBe(false);
    expect(feed.healthy).toBe(false);
    expect(feed.counters.barrierTimeouts).toBe(1);
    expect(events).toEqual([{ kind: 'flush' }]);
    transport.deaf = false;
    await sleep(150);
    expect(feed.healthy).toBe(true);
  });

  it('keeps retrying when the database refuses, and never trusts the caches meanwhile', async () => {
    const transport = new FakeTransport();
    transport.failOpen = true;
    const { feed } = feedWith(transport);
    await feed.start();
    expect(feed.healthy).toBe(false);
    await sleep(120);
    expect(transport.opens).toBeGreaterThan(2);
    transport.failOpen = false;
    await sleep(120);
    expect(feed.healthy).toBe(true);
  });

  it('checks itself with a heartbeat when the connection can fail silently', async () => {
    const transport = new FakeTransport();
    const { feed } = feedWith(transport, { heartbeatMs: 30 });
    await feed.start();
    transport.deaf = true;
    await sleep(250);
    expect(feed.counters.barrierTimeouts).toBeGreaterThan(0);
  });

  it('closes: no longer healthy, barriers answer at once', async () => {
    const transport = new FakeTransport();
    const { feed } = feedWith(transport);
    await feed.start();
    await feed.close();
    expect(feed.healthy).toBe(false);
    expect(await feed.barrier()).toBe(false);
  });
});
