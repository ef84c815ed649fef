import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../../auth/route-decision.js';
import { Metrics } from '../../common/metrics/metrics.js';

/**
 * Prometheus' scrape target. Public like the health probes: it holds counts by route template, status, permission
 * and cache name, never an id, an email or a credential. Operators who do not want it seen restrict `/metrics`
 * at their proxy (README, Observability).
 */
@ApiTags('Health')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  @Public()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics: requests, latency, access decisions, caches, database pool, process' })
  @ApiProduces(Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', schema: { type: 'string' } })
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
