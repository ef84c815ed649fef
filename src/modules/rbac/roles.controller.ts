import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { CreateRoleRequest } from './dto/create-role.request.js';
import { RoleListQuery } from './dto/role-list.query.js';
import { UpdateRoleRequest } from './dto/update-role.request.js';
import { RequirePermission, scopes } from './require-permission.decorator.js';
import { RolesAdminService } from './roles-admin.service.js';

/** ContextForge's role management: user managers only, as there (`admin.user_management`, platform-wide). */
@ApiTags('ContextForge: RBAC')
@Controller('rbac/roles')
export class RolesController {
  constructor(private readonly roles: RolesAdminService) {}

  @Get()
  @ApiOperation({ summary: 'Every role (system and custom) with its effective permissions' })
  @RequirePermission('admin.user_management', scopes.global())
  list(@Query() query: RoleListQuery) {
    return this.roles.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Create a custom role (201); unknown permission or inheritance cycle → 400, name taken → 409' })
  @RequirePermission('admin.user_management', scopes.global())
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateRoleRequest) {
    return this.roles.create(principal, body);
  }

  @Get(':role_id')
  @ApiOperation({ summary: 'One role by id (or name)' })
  @RequirePermission('admin.user_management', scopes.global())
  get(@Param('role_id') roleId: string) {
    return this.roles.get(roleId);
  }

  @Put(':role_id')
  @ApiOperation({ summary: 'Change a custom role; system roles cannot be modified (400)' })
  @RequirePermission('admin.user_management', scopes.global())
  update(@CurrentPrincipal() principal: Principal, @Param('role_id') roleId: string, @Body() body: UpdateRoleRequest) {
    return this.roles.update(principal, roleId, body);
  }

  @Delete(':role_id')
  @ApiOperation({ summary: 'Delete an unused custom role; in use → 409 (deactivate it instead)' })
  @RequirePermission('admin.user_management', scopes.global())
  delete(@Param('role_id') roleId: string) {
    return this.roles.delete(roleId);
  }
}
