import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';

/** `GET /metrics`; the registry itself is global (src/common/metrics), fed by the request hook and the guards. */
@Module({ controllers: [MetricsController] })
export class MetricsApiModule {}
