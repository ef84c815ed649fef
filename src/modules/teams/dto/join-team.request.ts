import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `TeamJoinRequest` (`POST /teams/{team_id}/join`). */
export class JoinTeamRequest {
  @ApiPropertyOptional({ type: String, description: 'A note for the team owners' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Nullable()
  message?: string | null;
}
