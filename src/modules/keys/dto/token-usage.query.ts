import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** ContextForge `GET /tokens/{id}/usage?days=`: echoed as `period_days` (the counters are the token's lifetime). */
export class TokenUsageQuery {
  @ApiPropertyOptional({ type: 'integer', default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  days?: number;
}
