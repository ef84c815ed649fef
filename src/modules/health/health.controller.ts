import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../../auth/route-decision.js';
import { CacheRegistry } from '../../common/cache/cache-registry.js';
import { ChangeFeed } from '../../common/cache/change-feed.js';

/** Readiness: 200 once the server accepts requests and the database answers (503 otherwise). */
@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly feed: ChangeFeed,
    private readonly caches: CacheRegistry,
  ) {}

  @Get('health')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Server and database health' })
  check() {
    return this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
  }

  @Get('health/readiness')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: "LiteLLM's readiness probe" })
  readiness() {
    return this.check();
  }

  /**
   * The warm-path caches: whether they are trusted (the change feed is listening), and each one's entries against
   * its bound. Counts only (no keys, ids or values), so it is public like the other probes.
   */
  @Get('health/cache')
  @Public()
  @ApiOperation({ summary: 'In-process caches: change feed state, entries and bounds (counts only)' })
  cache() {
    const caches = this.caches.stats();
    return {
      change_feed: { healthy: this.feed.healthy, ...this.feed.counters },
      entries: caches.reduce((sum, c) => sum + c.entries, 0),
      max_entries: caches.reduce((sum, c) => sum + c.max, 0),
      caches,
    };
  }

  @Get('health/liveliness')
  @Public()
  @ApiOperation({ summary: "LiteLLM's liveness probe: the process answers" })
  liveliness() {
    return "I'm alive!";
  }
}
