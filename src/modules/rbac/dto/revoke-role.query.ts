import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ROLE_SCOPES, type RoleScope } from '../entities/role.entity.js';

/** `DELETE /rbac/users/{email}/roles/{role}?scope=&scope_id=`: narrows which active assignment(s) to revoke. */
export class RevokeRoleQuery {
  @ApiPropertyOptional({ enum: ROLE_SCOPES })
  @IsOptional()
  @IsIn(ROLE_SCOPES)
  scope?: RoleScope;

  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  scope_id?: string;
}
