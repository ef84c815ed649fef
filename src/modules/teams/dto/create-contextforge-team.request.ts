import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { TEAM_VISIBILITIES, type TeamVisibility } from '../entities/team.entity.js';
import { IsSafeName, IsSafeText } from '../../../common/validation/input-safety.validators.js';
import { TeamMemberSeedInput } from './team-member-seed.input.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge's `MAX_TEAM_MEMBER_SEEDS` default: how many members a team may be created with at once. */
export const MAX_TEAM_MEMBER_SEEDS = 500;

/** ContextForge `POST /teams` (`TeamCreateRequest`). */
export class CreateContextforgeTeamRequest {
  @ApiProperty({ type: String, description: 'Unique (compared by slug)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Team name')
  name: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ enum: TEAM_VISIBILITIES, default: 'private' })
  @IsOptional()
  @IsIn(TEAM_VISIBILITIES)
  visibility?: TeamVisibility;

  @ApiPropertyOptional({ example: 50, type: 'integer', description: 'No limit when absent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  @Nullable()
  max_members?: number | null;

  @ApiPropertyOptional({
    type: [TeamMemberSeedInput],
    maxItems: MAX_TEAM_MEMBER_SEEDS,
    description: 'Active users become members at once; other addresses get an invitation. All in one transaction.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TEAM_MEMBER_SEEDS)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberSeedInput)
  @Nullable()
  members?: TeamMemberSeedInput[] | null;
}
