import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { AdminUsersService } from './admin-users.service.js';
import { AdminCreateUserRequest } from './dto/admin-create-user.request.js';
import { AdminUpdateUserRequest } from './dto/admin-update-user.request.js';
import { AdminUserListQuery } from './dto/admin-user-list.query.js';

/** ContextForge's admin user management (`/auth/email/admin/users`): platform-wide, global grants only. */
@ApiTags('ContextForge: admin users')
@Controller('auth/email/admin/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @ApiOperation({ summary: 'All users, oldest first (?skip=&limit=)' })
  @RequirePermission('admin.user_management', scopes.global())
  list(@Query() query: AdminUserListQuery) {
    return this.users.list(query.skip, query.limit);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user with a password (201); an existing email is 409' })
  @RequirePermission('admin.user_management', scopes.global())
  create(@CurrentPrincipal() principal: Principal, @Body() body: AdminCreateUserRequest) {
    return this.users.create(principal, body);
  }

  @Get(':email')
  @ApiOperation({ summary: 'One user by email' })
  @RequirePermission('admin.user_management', scopes.global())
  get(@Param('email') email: string) {
    return this.users.get(email);
  }

  @Put(':email')
  @ApiOperation({ summary: "Change a user's name, admin status, activity or password" })
  @RequirePermission('admin.user_management', scopes.global())
  put(@CurrentPrincipal() principal: Principal, @Param('email') email: string, @Body() body: AdminUpdateUserRequest) {
    return this.users.update(principal, email, body);
  }

  @Patch(':email')
  @ApiOperation({ summary: 'Same as PUT: only the fields sent change' })
  @RequirePermission('admin.user_management', scopes.global())
  patch(@CurrentPrincipal() principal: Principal, @Param('email') email: string, @Body() body: AdminUpdateUserRequest) {
    return this.users.update(principal, email, body);
  }

  @Delete(':email')
  @ApiOperation({ summary: 'Delete a user with their personal team, memberships, keys and roles (not yourself, not the last admin)' })
  @RequirePermission('admin.user_management', scopes.global())
  delete(@CurrentPrincipal() principal: Principal, @Param('email') email: string) {
    return this.users.delete(principal, email);
  }

  @Post(':email/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear a login back-off: every failed-login streak of the account, from every address (unknown user: 404)' })
  @RequirePermission('admin.user_management', scopes.global())
  unlock(@CurrentPrincipal() principal: Principal, @Param('email') email: string) {
    return this.users.unlock(principal, email);
  }
}
