import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_PAGING_POSITION } from '../../../common/validation/paging-bounds.js';

/** ContextForge `GET /auth/email/admin/users`: offset paging, oldest users first. */
export class AdminUserListQuery {
  @ApiPropertyOptional({ type: 'integer', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGING_POSITION)
  skip?: number;

  @ApiPropertyOptional({ type: 'integer', default: 50, maximum: 1000, description: '0 = no limit' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  limit?: number;
}
