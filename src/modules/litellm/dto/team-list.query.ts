import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

/** LiteLLM `GET /team/list`: all visible teams, or those of one user. */
export class TeamListQuery {
  @ApiPropertyOptional({ type: String, description: 'Only teams this user is a member of (within the teams the caller sees)' })
  @IsOptional()
  @IsString()
  user_id?: string;

  @ApiPropertyOptional({ type: String, description: 'Accepted; organizations are not wired yet' })
  @IsOptional()
  @IsString()
  organization_id?: string;
}
