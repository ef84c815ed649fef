import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../../auth/route-decision.js';

/** Readiness: 200 once the server accepts requests and the database answers (503 otherwise). */
@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
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

  @Get('health/liveliness')
  @Public()
  @ApiOperation({ summary: "LiteLLM's liveness probe: the process answers" })
  liveliness() {
    return "I'm alive!";
  }
}
