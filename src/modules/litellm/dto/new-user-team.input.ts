import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsNumber, IsOptional, IsString, Min } from 'class-validator';
import { LITELLM_MEMBER_ROLES, type LitellmMemberRole } from './team-member.input.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** LiteLLM `NewUserRequestTeam`: one entry of `/user/new`'s `teams` (a bare team id means role "user"). */
export class NewUserTeamInput {
  @ApiProperty({ type: String })
  @IsString()
  @IsNotEmpty()
  team_id: string;

  @ApiPropertyOptional({ type: Number })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Nullable()
  max_budget_in_team?: number | null;

  @ApiPropertyOptional({ enum: LITELLM_MEMBER_ROLES, default: 'user' })
  @IsOptional()
  @IsIn(LITELLM_MEMBER_ROLES)
  @Nullable()
  user_role?: LitellmMemberRole | null;
}
