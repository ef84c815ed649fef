import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNumber, IsOptional, IsString, Min } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

export const LITELLM_MEMBER_ROLES = ['admin', 'user'] as const;
export type LitellmMemberRole = (typeof LITELLM_MEMBER_ROLES)[number];

/** A LiteLLM team member: `user_id` or `user_email`, with role `admin` or `user`. */
export class TeamMemberInput {
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

  @ApiPropertyOptional({ enum: LITELLM_MEMBER_ROLES, default: 'user' })
  @IsOptional()
  @IsIn(LITELLM_MEMBER_ROLES)
  role?: LitellmMemberRole;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  max_budget_in_team?: number | null;
}
