import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';

/** How often counts are written. A crash loses at most this much usage, never a request. */
export const USAGE_FLUSH_INTERVAL_MS = 5000;

export interface UsageCounts {
  requests: number;
  successful: number;
  blocked: number;
  responseMsTotal: number;
  endpoints: Map<string, number>;
  lastUsedAt: Date | null;
}

const emptyCounts = (): UsageCounts => ({
  requests: 0,
  successful: 0,
  blocked: 0,
  responseMsTotal: 0,
  endpoints: new Map(),
  lastUsedAt: null,
});

/**
 * Counts the requests made with each stored credential without writing on the request's path: answers are
 * counted in memory (per credential, per route template and status class) and written every few seconds in ONE
 * statement, and once more when the application shuts down. `/tokens/{id}/usage` adds what is not written yet.
 */
@Injectable()
export class UsageRecorder implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(UsageRecorder.name);
  private pending = new Map<string, UsageCounts>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    // After the answer is sent: the request never waits for this.
    fastify?.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      const principal = (request as FastifyRequest & { user?: Principal }).user;
      if (!principal?.key) return;
      this.record(principal.key.id, request.routeOptions?.url ?? request.url.split('?', 1)[0], reply.statusCode, reply.elapsedTime);
    });
    this.timer = setInterval(() => void this.flush(), USAGE_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(credentialId: string, endpoint: string, status: number, elapsedMs: number, at: Date = new Date()): void {
    let counts = this.pending.get(credentialId);
    if (!counts) this.pending.set(credentialId, (counts = emptyCounts()));
    counts.requests++;
    if (status > 0 && status < 400) counts.successful++;
    if (status === 403) counts.blocked++;
    counts.responseMsTotal += Number.isFinite(elapsedMs) ? elapsedMs : 0;
    counts.endpoints.set(endpoint, (counts.endpoints.get(endpoint) ?? 0) + 1);
    counts.lastUsedAt = at;
  }

  /** What has been counted for this credential and not written yet. */
  unflushed(credentialId: string): UsageCounts {
    return this.pending.get(credentialId) ?? emptyCounts();
  }

  /** Writes every pending count in one statement (flushes never overlap). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0 || !this.dataSource.isInitialized) return;
    const batch = this.pending;
    this.pending = new Map();
    const rows = [...batch].map(([id, c]) => ({
      id,
      n: c.requests,
      ok: c.successful,
      blocked: c.blocked,
      ms: c.responseMsTotal,
      endpoints: Object.fromEntries(c.endpoints),
      last_used: c.lastUsedAt?.toISOString() ?? null,
    }));
    try {
      await this.dataSource.query(
        `UPDATE api_keys k
            SET usage_count = k.usage_count + v.n,
                usage_success_count = k.usage_success_count + v.ok,
                usage_blocked_count = k.usage_blocked_count + v.blocked,
                usage_response_ms_total = k.usage_response_ms_total + v.ms,
                usage_endpoints = (
                  SELECT COALESCE(jsonb_object_agg(e.key, e.total), '{}'::jsonb)
                    FROM (SELECT key, SUM(value::bigint) AS total
                            FROM (SELECT * FROM jsonb_each_text(k.usage_endpoints)
                                  UNION ALL SELECT * FROM jsonb_each_text(v.endpoints)) AS both_sides
                           GROUP BY key) AS e),
                last_used_at = GREATEST(k.last_used_at, v.last_used)
           FROM jsonb_to_recordset($1::jsonb)
                AS v(id uuid, n bigint, ok bigint, blocked bigint, ms double precision, endpoints jsonb, last_used timestamptz)
          WHERE k.id = v.id`,
        [JSON.stringify(rows)],
      );
    } catch (error) {
      // Usage is bookkeeping: put the counts back for the next attempt rather than fail anything.
      for (const [id, counts] of batch) this.merge(id, counts);
      this.logger.warn(`Could not write credential usage: ${(error as Error).message}`);
    }
  }

  private merge(id: string, counts: UsageCounts): void {
    const current = this.pending.get(id);
    if (!current) return void this.pending.set(id, counts);
    current.requests += counts.requests;
    current.successful += counts.successful;
    current.blocked += counts.blocked;
    current.responseMsTotal += counts.responseMsTotal;
    for (const [endpoint, n] of counts.endpoints) current.endpoints.set(endpoint, (current.endpoints.get(endpoint) ?? 0) + n);
    if (!current.lastUsedAt || (counts.lastUsedAt && counts.lastUsedAt > current.lastUsedAt)) current.lastUsedAt = counts.lastUsedAt;
  }

  /** Written before any module's shutdown hook closes the database. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Whatever was counted since (answers still going out): written if the database is still open. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
