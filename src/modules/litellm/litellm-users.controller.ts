import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { DeleteUsersRequest } from './dto/delete-users.request.js';
import { NewUserRequest } from './dto/new-user.request.js';
import { UpdateUserRequest } from './dto/update-user.request.js';
import { UserInfoQuery } from './dto/user-info.query.js';
import { UserListQuery } from './dto/user-list.query.js';
import { LitellmUsersService } from './litellm-users.service.js';
import { USER_RESOURCE } from '../users/user-scope.resolver.js';

/** LiteLLM's `/user/*` routes over the shared users table. */
@ApiTags('LiteLLM: users')
@Controller('user')
export class LitellmUsersController {
  constructor(private readonly users: LitellmUsersService) {}

  @Post('new')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a user (with a personal key unless auto_create_key is false)' })
  @RequirePermission('users.create', scopes.global())
  create(@CurrentPrincipal() principal: Principal, @Body() body: NewUserRequest) {
    return this.users.create(principal, body);
  }

  @Get('info')
  @ApiOperation({ summary: "A user's record, keys and teams (own record for non-admins)" })
  @RequirePermission('users.read', scopes.resource(USER_RESOURCE, from.query('user_id')))
  info(@Authorized() target: AuthorizedTarget, @Query() query: UserInfoQuery) {
    // The resolver found the user (or the caller, without user_id); the engine allowed exactly that one.
    return this.users.info(target.resource?.ownerUserId ?? null, query.user_id);
  }

  @Get('list')
  @ApiOperation({ summary: 'All users, paged, filtered and sorted' })
  @RequirePermission('users.read', scopes.global())
  list(@Query() query: UserListQuery) {
    return this.users.list(query);
  }

  @Get('get_users')
  @ApiOperation({ summary: "LiteLLM's older name of /user/list" })
  @RequirePermission('users.read', scopes.global())
  getUsers(@Query() query: UserListQuery) {
    return this.users.list(query);
  }

  @Post('update')
  @HttpCode(200)
  @ApiOperation({ summary: "Change a user's settings or role" })
  @RequirePermission('users.update', scopes.global())
  update(@CurrentPrincipal() principal: Principal, @Body() body: UpdateUserRequest) {
    return this.users.update(principal, body);
  }

  @Post('delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete users with their keys, memberships and personal teams' })
  @RequirePermission('users.delete', scopes.global())
  delete(@CurrentPrincipal() principal: Principal, @Body() body: DeleteUsersRequest) {
    return this.users.delete(principal, body.user_ids);
  }
}
