import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MAX_PAGING_POSITION } from '../../../common/validation/paging-bounds.js';

export const TEAM_SORT_FIELDS = ['team_id', 'team_alias', 'created_at', 'spend'] as const;

/** LiteLLM `GET /v2/team/list`: paged, filtered within the teams the caller may see. */
export class TeamListV2Query {
  @ApiPropertyOptional({ type: 'integer', default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGING_POSITION)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', default: 10, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size?: number;

  @ApiPropertyOptional({ type: String, description: 'Only teams this user is a member of' })
  @IsOptional()
  @IsString()
  user_id?: string;

  @ApiPropertyOptional({ type: String, description: 'Only this team' })
  @IsOptional()
  @IsString()
  team_id?: string;

  @ApiPropertyOptional({ type: String, description: 'Teams whose alias contains this (case-insensitive)' })
  @IsOptional()
  @IsString()
  team_alias?: string;

  @ApiPropertyOptional({ type: String, description: 'Accepted; organizations are not wired yet' })
  @IsOptional()
  @IsString()
  organization_id?: string;

  @ApiPropertyOptional({ enum: TEAM_SORT_FIELDS })
  @IsOptional()
  @IsIn(TEAM_SORT_FIELDS)
  sort_by?: (typeof TEAM_SORT_FIELDS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  sort_order?: 'asc' | 'desc';
}
