import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `GET /rbac/my/permissions?team_id=`: a team context, or any of the caller's non-personal teams. */
export class PermissionsQuery {
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  team_id?: string;
}
