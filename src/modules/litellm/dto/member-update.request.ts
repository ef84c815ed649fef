import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Min } from 'class-validator';
import { LITELLM_MEMBER_ROLES, type LitellmMemberRole } from './team-member.input.js';
import { MemberDeleteRequest } from './member-delete.request.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `POST /team/member_update`. */
export class MemberUpdateRequest extends MemberDeleteRequest {
  @ApiPropertyOptional({ enum: LITELLM_MEMBER_ROLES })
  @IsOptional()
  @IsIn(LITELLM_MEMBER_ROLES)
  @Nullable()
  role?: LitellmMemberRole | null;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  max_budget_in_team?: number | null;

  @ApiPropertyOptional({ type: 'integer', description: "The member's RPM in the team (accepted, not applied: no per-member limits yet)" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  rpm_limit?: number | null;

  @ApiPropertyOptional({ type: 'integer', description: "The member's TPM in the team (accepted, not applied: no per-member limits yet)" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Nullable()
  tpm_limit?: number | null;
}
