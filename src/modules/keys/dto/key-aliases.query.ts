import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MAX_PAGING_POSITION } from '../../../common/validation/paging-bounds.js';

/** LiteLLM `GET /key/aliases`: the aliases of the keys the caller may list, paginated. */
export class KeyAliasesQuery {
  @ApiPropertyOptional({ type: 'integer', default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGING_POSITION)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', default: 50, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  size?: number;

  @ApiPropertyOptional({ type: String, description: 'Only aliases containing this text (case-insensitive)' })
  @IsOptional()
  @IsString()
  search?: string;
}
