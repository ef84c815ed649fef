import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ROLE_SCOPES, type RoleScope } from '../entities/role.entity.js';

/** `GET /rbac/users/{email}/roles?scope=&active_only=` */
export class UserRolesQuery {
  @ApiPropertyOptional({ enum: ROLE_SCOPES })
  @IsOptional()
  @IsIn(ROLE_SCOPES)
  scope?: RoleScope;

  @ApiPropertyOptional({ type: Boolean, default: true, description: 'false adds revoked and expired assignments (history)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active_only?: boolean;
}
