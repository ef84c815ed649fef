import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The one channel every committed change to a cached fact is announced on (migrations/*-change-notifications). */
export const CHANGE_CHANNEL = 'portcullis_changes';

const BARRIER_PREFIX = 'barrier:';

/**
 * What a listener hears: a row of `table` changed (`id`, plus the user or team it belongs to as `ref` where the
 * trigger sends one), or `flush`: forget everything (the feed was down, or a payload could not be read).
 */
export type ChangeEvent = { kind: 'change'; table: string; id: string; ref: string | null } | { kind: 'flush' };

export type ChangeHandler = (event: ChangeEvent) => void;

/** The connection a feed listens on: a dedicated Postgres client, or the embedded database itself. */
export interface FeedTransport {
  /** Connects and listens; `onLost` is called (once) when the connection is gone. */
  open(onPayload: (payload: string) => void, onLost: (reason: string) => void): Promise<void>;
  /** Sends a notification on the channel, committed on its own. */
  notify(payload: string): Promise<void>;
  /** Drops the connection so that the next `open` starts afresh. */
  drop(): Promise<void>;
  /** Whether a silent connection loss is possible (a socket): then the feed checks itself periodically. */
  readonly remote: boolean;
  /** The `application_name` of a dedicated connection (pg_stat_activity), if there is one. */
  readonly applicationName: string | null;
}

export interface ChangeFeedOptions {
  /** How long a barrier may take before the feed is declared unhealthy. */
  barrierTimeoutMs: number;
  /** Reconnection backoff (doubling from min to max). */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** A remote feed checks itself with a barrier this often (a silent loss is found within about this long). */
  heartbeatMs: number;
}

export const DEFAULT_FEED_OPTIONS: ChangeFeedOptions = {
  barrierTimeoutMs: 1000,
  reconnectMinMs: 100,
  reconnectMaxMs: 5000,
  heartbeatMs: 5000,
};

/** Parses `<table>:<id>[:<ref>]`; anything else is unreadable (null). */
export function parseChange(payload: string): ChangeEvent | null {
  const parts = payload.split(':');
  if (parts.length < 2 || parts.length > 3 || !/^[a-z_]+$/.test(parts[0]) || parts[1] === '') return null;
  return { kind: 'change', table: parts[0], id: parts[1], ref: parts[2] ? parts[2] : null };
}

/**
 * Per-entity invalidation pushed by the database. Triggers `pg_notify` the changed row at commit; this feed listens
 * on a connection of its own and hands each change to its subscribers (the caches).
 *
 * The caches trust their entries only while the feed is `healthy`: connected, listening, proven by a round trip
 * of its own (a barrier) and flushed after that. When the connection is lost (or a barrier times out) every cache
 * is flushed and bypassed until the feed has reconnected and flushed again; meanwhile requests read the database as
 * they did before the caches existed.
 *
 * `version` moves with every change, flush and health transition: a cache fills an entry only if the version is
 * the one it read before querying (a `ticket`), so a row read before a change can never be stored after the
 * change's notification went by.
 */
export class ChangeFeed {
  private readonly logger = new Logger('ChangeFeed');
  private readonly handlers = new Set<ChangeHandler>();
  private readonly waiting = new Map<string, () => void>();
  /** Barrier callers not yet covered by a sent token (sent together: group commit). */
  private queued: ((ok: boolean) => void)[] = [];
  private sendScheduled = false;
  private state: 'idle' | 'connecting' | 'healthy' | 'down' | 'closed' = 'idle';
  private connection = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private backoffMs: number;
  private versionValue = 0;
  /** Counters for `GET /health/cache` and tests. */
  readonly counters = { notifications: 0, barriers: 0, barrierTimeouts: 0, reconnects: 0, flushes: 0 };

  /** This feed's own copy (tests slow its reconnection down to observe the disconnected state). */
  readonly options: ChangeFeedOptions;

  constructor(
    private readonly transport: FeedTransport,
    options: Partial<ChangeFeedOptions> = {},
  ) {
    this.options = { ...DEFAULT_FEED_OPTIONS, ...options };
    this.backoffMs = this.options.reconnectMinMs;
  }

  /** A feed that never connects (scripts and unit tests): every cache bypassed, the database path as it was. */
  static offline(): ChangeFeed {
    return new ChangeFeed({
      remote: false,
      applicationName: null,
      open: () => Promise.reject(new Error('offline')),
      notify: () => Promise.reject(new Error('offline')),
      drop: () => Promise.resolve(),
    });
  }

  get healthy(): boolean {
    return this.state === 'healthy';
  }

  /** The listener connection's `application_name`, if it has one. */
  get applicationName(): string | null {
    return this.transport.applicationName;
  }

  get version(): number {
    return this.versionValue;
  }

  /** Before a cache reads the database: the version to store under, or null when nothing may be stored. */
  ticket(): number | null {
    return this.state === 'healthy' ? this.versionValue : null;
  }

  /** Whether an entry read under `ticket` may be stored now: the feed is healthy and nothing changed since. */
  valid(ticket: number | null): boolean {
    return ticket !== null && this.state === 'healthy' && ticket === this.versionValue;
  }

  subscribe(handler: ChangeHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Connects (one attempt now; on failure it keeps retrying in the background). */
  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    await this.connect();
  }

  /**
   * Resolves once every change this instance committed before the call has reached the feed's listener (and so its
   * caches): a token sent on the channel after them comes back after them. True when it did; false when the feed
   * is not trusted anyway (down: the caches are bypassed and will be flushed before they are used again) or the
   * token did not come back in time, in which case the feed flushes and reconnects.
   */
  async barrier(): Promise<boolean> {
    if (this.state !== 'healthy') return false;
    this.counters.barriers++;
    const ok = await this.roundTrip();
    if (!ok && this.state === 'healthy') {
      this.counters.barrierTimeouts++;
      this.lose('a barrier did not come back in time');
    }
    return ok;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    for (const release of this.waiting.values()) release();
    this.waiting.clear();
    for (const resolve of this.queued.splice(0)) resolve(false);
    this.flush();
    await this.transport.drop().catch(() => undefined);
  }

  /** A token sent now (grouped with the other callers of this tick) and heard back, or false after the timeout. */
  private roundTrip(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      this.queued.push(resolve);
      if (this.sendScheduled) return;
      this.sendScheduled = true;
      setImmediate(() => this.sendQueued());
    });
  }

  private sendQueued(): void {
    this.sendScheduled = false;
    const callers = this.queued.splice(0);
    if (callers.length === 0) return;
    const settle = (ok: boolean) => {
      clearTimeout(timer);
      this.waiting.delete(token);
      for (const resolve of callers) resolve(ok);
    };
    const token = `${BARRIER_PREFIX}${randomUUID()}`;
    const timer = setTimeout(() => settle(false), this.options.barrierTimeoutMs);
    this.waiting.set(token, () => settle(true));
    this.transport.notify(token).catch(() => settle(false));
  }

  private async connect(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const connection = ++this.connection;
    try {
      await this.transport.open(
        (payload) => this.receive(connection, payload),
        (reason) => {
          if (connection === this.connection) this.lose(reason);
        },
      );
      // Listening, end to end: our own token comes back before anything is trusted.
      if (!(await this.roundTrip())) throw new Error('the first barrier did not come back');
      if (connection !== this.connection || this.state !== 'connecting') return;
      this.flush();
      this.state = 'healthy';
      this.versionValue++;
      this.backoffMs = this.options.reconnectMinMs;
      this.scheduleHeartbeat();
    } catch (error) {
      if (connection !== this.connection || this.isClosed()) return;
      this.logger.warn(`Change feed unavailable (${(error as Error).message}); caches are bypassed until it is back`);
      this.state = 'down';
      await this.transport.drop().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  /** (The state changes across awaits: read it through a call, not a narrowed field.) */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  private receive(connection: number, payload: string): void {
    if (connection !== this.connection) return;
    if (payload.startsWith(BARRIER_PREFIX)) {
      // Other instances' tokens go by as well: only ours are awaited.
      this.waiting.get(payload)?.();
      return;
    }
    this.counters.notifications++;
    this.versionValue++;
    const event = parseChange(payload);
    if (event === null) {
      this.logger.warn('Unreadable change notification: flushing the caches');
      this.flush();
      return;
    }
    this.emit(event);
  }

  /** The connection is gone or cannot be trusted: bypass and flush the caches, then reconnect. */
  private lose(reason: string): void {
    if (this.state === 'closed' || this.state === 'down') return;
    this.logger.warn(`Change feed lost (${reason}); caches are bypassed until it is back`);
    if (this.state === 'healthy') this.backoffMs = this.options.reconnectMinMs;
    this.state = 'down';
    this.connection++;
    this.clearTimers();
    this.flush();
    void this.transport.drop().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state === 'closed' || this.reconnectTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.counters.reconnects++;
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private scheduleHeartbeat(): void {
    if (!this.transport.remote || this.options.heartbeatMs <= 0) return;
    this.heartbeatTimer = setInterval(() => void this.barrier(), this.options.heartbeatMs);
    this.heartbeatTimer.unref();
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
  }

  private flush(): void {
    this.versionValue++;
    this.counters.flushes++;
    this.emit({ kind: 'flush' });
  }

  private emit(event: ChangeEvent): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        // A cache that cannot apply a change must not keep serving: everything goes.
        this.logger.error(`A cache failed to apply a change (${(error as Error).message}): flushing`);
        if (event.kind === 'change') this.flush();
      }
    }
  }
}

/** A dedicated Postgres connection (never one of the pool's), named so that operators can find it. */
export class PostgresFeedTransport implements FeedTransport {
  readonly remote = true;
  private client: pg.Client | null = null;

  constructor(
    private readonly url: string,
    readonly applicationName: string,
  ) {}

  async open(onPayload: (payload: string) => void, onLost: (reason: string) => void): Promise<void> {
    await this.drop();
    const client = new pg.Client({
      connectionString: this.url,
      application_name: this.applicationName,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    this.client = client;
    let lost = false;
    const lose = (reason: string) => {
      if (lost) return;
      lost = true;
      onLost(reason);
    };
    client.on('error', (error) => lose(error.message));
    client.on('end', () => lose('connection ended'));
    client.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL) onPayload(message.payload ?? '');
    });
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
  }

  /** One statement at a time on the connection (the client does not take overlapping queries). */
  private queue: Promise<unknown> = Promise.resolve();

  notify(payload: string): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('not connected'));
    const sent = this.queue.then(() => client.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]));
    this.queue = sent.catch(() => undefined);
    return sent.then(() => undefined);
  }

  async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.removeAllListeners('notification');
    // A late error on a dropped client must not crash the process.
    client.removeAllListeners('error');
    client.on('error', () => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * The embedded database, in process: PGlite's own LISTEN on the same database. Notifications are sent through
 * `send` (the application's pool, whose single connection is never inside someone else's transaction when it is
 * handed out): PGlite has one session, and a `pg_notify` issued directly while a request's transaction is open on
 * it would join that transaction (and vanish with its rollback).
 */
export class PgliteFeedTransport implements FeedTransport {
  readonly remote = false;
  readonly applicationName = null;
  private unlisten: (() => Promise<void>) | null = null;
  private handler: (payload: string) => void = () => undefined;

  constructor(
    private readonly db: PGlite,
    private readonly send: (sql: string, parameters: unknown[]) => Promise<unknown>,
  ) {}

  async open(onPayload: (payload: string) => void): Promise<void> {
    this.handler = onPayload;
    // One LISTEN for the life of the database: re-listening could run inside an open transaction and be rolled back.
    this.unlisten ??= await this.db.listen(CHANGE_CHANNEL, (payload) => this.handler(payload));
  }

  async notify(payload: string): Promise<void> {
    await this.send('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]);
  }

  async drop(): Promise<void> {
    this.handler = () => undefined;
  }

  /** At shutdown, before the database closes. */
  async close(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten && !this.db.closed) await unlisten().catch(() => undefined);
  }
}
