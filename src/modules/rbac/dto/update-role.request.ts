import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ROLE_NAME_PATTERN } from './create-role.request.js';
import { IsSafeText } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/**
 * ContextForge `RoleUpdateRequest`: only what is sent changes. The scope is fixed at creation, because every
 * assignment's scope must equal its role's.
 */
export class UpdateRoleRequest {
  @ApiPropertyOptional({ example: 'release_manager', type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(ROLE_NAME_PATTERN, { message: 'name must start with a letter or digit and use letters, digits, spaces, _ . : -' })
  name?: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  permissions?: string[];

  @ApiPropertyOptional({
    example: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'New parent role id; null removes the parent',
  })
  @IsOptional()
  @IsUUID()
  @Nullable()
  inherits_from?: string | null;

  @ApiPropertyOptional({ type: Boolean, description: 'An inactive role grants nothing (its assignments stay)' })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}
