import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TEAM_VISIBILITIES, type TeamVisibility } from '../entities/team.entity.js';
import { IsSafeName, IsSafeText } from '../../../common/validation/input-safety.validators.js';

/** ContextForge `POST /teams` (`TeamCreateRequest`). */
export class CreateContextforgeTeamRequest {
  @ApiProperty({ description: 'Unique (compared by slug)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Team name')
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsSafeText()
  description?: string | null;

  @ApiPropertyOptional({ enum: TEAM_VISIBILITIES, default: 'private' })
  @IsOptional()
  @IsIn(TEAM_VISIBILITIES)
  visibility?: TeamVisibility;

  @ApiPropertyOptional({ description: 'No limit when absent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  max_members?: number | null;
}
