import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** ContextForge `TeamJoinRequest` (`POST /teams/{team_id}/join`). */
export class JoinTeamRequest {
  @ApiPropertyOptional({ type: String, description: 'A note for the team owners' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  message?: string | null;
}
