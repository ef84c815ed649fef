import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLE_SCOPES, type RoleScope } from '../entities/role.entity.js';
import { Nullable } from '../../../common/validation/nullable.decorator.js';

/** ContextForge `UserRoleAssignRequest`. */
export class AssignRoleRequest {
  @ApiProperty({ example: '3fa85f64-5717-4562-b3fc-2c963f66afa6', type: String, description: 'Role id (or, ours, role name)' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  role_id: string;

  @ApiProperty({ enum: ROLE_SCOPES, description: "Must equal the role's scope" })
  @IsIn(ROLE_SCOPES)
  scope: RoleScope;

  @ApiPropertyOptional({ type: String, description: 'Team id for team scope (the user must be a member); omitted for global' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Nullable()
  scope_id?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2030-01-01T00:00:00Z',
    description: 'The assignment stops granting at this instant',
  })
  @IsOptional()
  @IsDateString()
  @Nullable()
  expires_at?: string | null;
}
