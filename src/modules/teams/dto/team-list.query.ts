import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGING_POSITION } from '../../../common/validation/paging-bounds.js';
import { BooleanQuery } from '../../../common/validation/boolean-query.transform.js';

/** ContextForge `GET /teams/`: offset paging, or its cursor with `include_pagination=true`. */
export class TeamListQuery {
  @ApiPropertyOptional({ type: 'integer', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGING_POSITION)
  skip?: number;

  @ApiPropertyOptional({ type: 'integer', default: 50, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ type: String, description: "Opaque cursor from the previous page's `nextCursor` (instead of skip)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'Answer `{"teams": [...], "nextCursor": ...}` instead of `{"teams", "total"}`',
  })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  include_pagination?: boolean;
}
