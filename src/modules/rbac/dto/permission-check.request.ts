import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `PermissionCheckRequest` (resource_type/resource_id are accepted and not needed here). */
export class PermissionCheckRequest {
  @ApiProperty({ example: 'alice@example.com', type: String })
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  user_email: string;

  @ApiProperty({ type: String, example: 'tools.create' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  permission: string;

  @ApiPropertyOptional({ type: String, description: "Team context; without it, any of the user's non-personal teams" })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  team_id?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Nullable()
  resource_type?: string | null;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  resource_id?: string | null;
}
