import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MAX_PAGING_POSITION } from '../../../common/validation/paging-bounds.js';
import { LITELLM_USER_ROLES, type LitellmUserRole } from '../../users/entities/user.entity.js';

export const USER_SORT_FIELDS = ['user_id', 'user_email', 'user_alias', 'user_role', 'created_at', 'spend'] as const;

/** LiteLLM `GET /user/list` (and its older name `/user/get_users`). */
export class UserListQuery {
  @ApiPropertyOptional({ type: 'integer', default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGING_POSITION)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', default: 25, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size?: number;

  @ApiPropertyOptional({ enum: LITELLM_USER_ROLES })
  @IsOptional()
  @IsIn(LITELLM_USER_ROLES)
  role?: LitellmUserRole;

  @ApiPropertyOptional({ type: String, description: 'Comma-separated user ids' })
  @IsOptional()
  @IsString()
  user_ids?: string;

  @ApiPropertyOptional({ type: String, description: 'Users whose email contains this (case-insensitive)' })
  @IsOptional()
  @IsString()
  user_email?: string;

  @ApiPropertyOptional({ type: String, description: 'Only members of this team' })
  @IsOptional()
  @IsString()
  team?: string;

  @ApiPropertyOptional({ enum: USER_SORT_FIELDS })
  @IsOptional()
  @IsIn(USER_SORT_FIELDS)
  sort_by?: (typeof USER_SORT_FIELDS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  sort_order?: 'asc' | 'desc';
}
