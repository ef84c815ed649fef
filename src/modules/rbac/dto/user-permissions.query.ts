import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

/** `GET /rbac/permissions/user/{email}?team_id=&by_team=` */
export class UserPermissionsQuery {
  @ApiPropertyOptional({ type: String, description: "Team context; without it, any of the user's non-personal teams" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  team_id?: string;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: "(ours) true answers {global, any_team, teams: [...]} instead of ContextForge's flat list",
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  by_team?: boolean;
}
