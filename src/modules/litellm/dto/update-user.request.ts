import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsEmail, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { GenerateRequestBase } from './generate-request.base.js';
import { DURATION_PATTERN } from '../../../common/time/duration.js';
import { LITELLM_USER_ROLES, type LitellmUserRole } from '../../users/entities/user.entity.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `POST /user/update`: `user_id` or `user_email` names the user. */
export class UpdateUserRequest extends GenerateRequestBase {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @Nullable()
  user_id?: string | null;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, format: 'email' })
  @IsOptional()
  @IsEmail()
  @Nullable()
  user_email?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  user_alias?: string | null;

  @ApiPropertyOptional({ enum: LITELLM_USER_ROLES })
  @IsOptional()
  @IsIn(LITELLM_USER_ROLES)
  @Nullable()
  user_role?: LitellmUserRole | null;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  max_budget?: number | null;

  @ApiPropertyOptional({ example: '30d', type: String })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN)
  @Nullable()
  budget_duration?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Nullable()
  models?: string[] | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  tpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  rpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @Nullable()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, description: 'Refused with 400: passwords change through /auth/email (ContextForge)' })
  @IsOptional()
  @IsString()
  @Nullable()
  password?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Accepted, ignored: keys are not created by /user/update' })
  @IsOptional()
  @IsString()
  @Nullable()
  key_alias?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Accepted, ignored: keys are not created by /user/update' })
  @IsOptional()
  @IsString()
  @Nullable()
  duration?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Accepted, ignored: join teams with /team/member_add' })
  @IsOptional()
  @IsString()
  @Nullable()
  team_id?: string | null;
}
