import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ROLE_SCOPES, type RoleScope } from '../entities/role.entity.js';

/** `GET /rbac/roles?scope=&active_only=` */
export class RoleListQuery {
  @ApiPropertyOptional({ enum: ROLE_SCOPES })
  @IsOptional()
  @IsIn(ROLE_SCOPES)
  scope?: RoleScope;

  @ApiPropertyOptional({ type: Boolean, default: true, description: 'false also lists deactivated roles' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active_only?: boolean;
}
