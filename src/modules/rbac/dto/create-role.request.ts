import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ROLE_SCOPES, type RoleScope } from '../entities/role.entity.js';
import { IsSafeText } from '../../../common/validation/input-safety.validators.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** Role names: letters, digits, spaces and `_ . : -`; never shaped like a uuid (ids and names share one path slot). */
export const ROLE_NAME_PATTERN = /^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-)[A-Za-z0-9][A-Za-z0-9 _.:-]*$/;

/** ContextForge `RoleCreateRequest`. Permissions are checked against the catalogue by the service (400). */
export class CreateRoleRequest {
  @ApiProperty({ type: String, example: 'release_manager' })
  @IsString()
  @MaxLength(255)
  @Matches(ROLE_NAME_PATTERN, { message: 'name must start with a letter or digit and use letters, digits, spaces, _ . : -' })
  name: string;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsSafeText()
  @Nullable()
  description?: string | null;

  @ApiProperty({ enum: ROLE_SCOPES, description: 'Where assignments of this role apply' })
  @IsIn(ROLE_SCOPES)
  scope: RoleScope;

  @ApiProperty({ type: [String], example: ['tools.read', 'tools.execute'], description: 'Catalogue permissions, or `*`' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  permissions: string[];

  @ApiPropertyOptional({
    example: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    type: String,
    format: 'uuid',
    description: 'Id of the one parent role whose effective permissions this role inherits',
  })
  @IsOptional()
  @IsUUID()
  @Nullable()
  inherits_from?: string | null;
}
