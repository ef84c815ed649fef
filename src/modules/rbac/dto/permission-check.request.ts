import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** ContextForge `PermissionCheckRequest` (resource_type/resource_id are accepted and not needed here). */
export class PermissionCheckRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  user_email: string;

  @ApiProperty({ example: 'tools.create' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  permission: string;

  @ApiPropertyOptional({ description: "Team context; without it, any of the user's non-personal teams" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  team_id?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  resource_type?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  resource_id?: string | null;
}
