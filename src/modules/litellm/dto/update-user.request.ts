import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsEmail, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { DURATION_PATTERN } from '../../../common/time/duration.js';
import { LITELLM_USER_ROLES, type LitellmUserRole } from '../../users/entities/user.entity.js';

/** LiteLLM `POST /user/update`: `user_id` or `user_email` names the user. */
export class UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  user_id?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  user_email?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user_alias?: string | null;

  @ApiPropertyOptional({ enum: LITELLM_USER_ROLES })
  @IsOptional()
  @IsIn(LITELLM_USER_ROLES)
  user_role?: LitellmUserRole | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber()
  @Min(0)
  max_budget?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN)
  budget_duration?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  models?: string[] | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  tpm_limit?: number | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  rpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;
}
