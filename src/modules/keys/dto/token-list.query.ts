import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_PAGING_POSITION } from '../../../common/validation/paging-bounds.js';

/** ContextForge `GET /tokens` and `GET /tokens/teams/{team_id}`: offset paging; a limit outside 1..1000 is 50, as upstream. */
export class TokenListQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Include revoked and expired tokens' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  include_inactive?: boolean;

  @ApiPropertyOptional({ type: 'integer', default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGING_POSITION)
  offset?: number;
}
