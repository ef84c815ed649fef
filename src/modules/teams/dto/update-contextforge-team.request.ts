import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TEAM_VISIBILITIES, type TeamVisibility } from '../entities/team.entity.js';
import { IsSafeName, IsSafeText } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `PUT /teams/{team_id}` (`TeamUpdateRequest`): only the fields sent change. */
export class UpdateContextforgeTeamRequest {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @IsSafeName('Team name')
  name?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ enum: TEAM_VISIBILITIES })
  @IsOptional()
  @IsIn(TEAM_VISIBILITIES)
  visibility?: TeamVisibility;

  @ApiPropertyOptional({ example: 50, type: 'integer', description: 'null removes the limit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  @Nullable()
  max_members?: number | null;
}
