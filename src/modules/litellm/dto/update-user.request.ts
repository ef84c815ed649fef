import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsEmail, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { GenerateRequestBase } from './generate-request.base.js';
import { DURATION_PATTERN } from '../../../common/time/duration.js';
import { LITELLM_USER_ROLES, type LitellmUserRole } from '../../users/entities/user.entity.js';

/** LiteLLM `POST /user/update`: `user_id` or `user_email` names the user. */
export class UpdateUserRequest extends GenerateRequestBase {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  user_id?: string | null;

  @ApiPropertyOptional({ example: 'alice@example.com', type: String, format: 'email' })
  @IsOptional()
  @IsEmail()
  user_email?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user_alias?: string | null;

  @ApiPropertyOptional({ enum: LITELLM_USER_ROLES })
  @IsOptional()
  @IsIn(LITELLM_USER_ROLES)
  user_role?: LitellmUserRole | null;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  max_budget?: number | null;

  @ApiPropertyOptional({ example: '30d', type: String })
  @IsOptional()
  @IsString()
  @Matches(DURATION_PATTERN)
  budget_duration?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  models?: string[] | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  tpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  rpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: String, description: 'Refused with 400: passwords change through /auth/email (ContextForge)' })
  @IsOptional()
  @IsString()
  password?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Accepted, ignored: keys are not created by /user/update' })
  @IsOptional()
  @IsString()
  key_alias?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Accepted, ignored: keys are not created by /user/update' })
  @IsOptional()
  @IsString()
  duration?: string | null;

  @ApiPropertyOptional({ type: String, description: 'Accepted, ignored: join teams with /team/member_add' })
  @IsOptional()
  @IsString()
  team_id?: string | null;
}
