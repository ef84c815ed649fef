import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { LITELLM_USER_ROLES } from '../../users/entities/user.entity.js';

/** LiteLLM `GET /user/list`. */
export class UserListQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 25, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size?: number;

  @ApiPropertyOptional({ enum: LITELLM_USER_ROLES })
  @IsOptional()
  @IsIn(LITELLM_USER_ROLES)
  role?: string;
}
