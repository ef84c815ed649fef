import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authenticated } from '../../auth/route-decision.js';
import { from, RequireAnyPermission, scopes } from './require-permission.decorator.js';
import { INSPECTOR } from './inspector.js';
import { USER_SUBJECT_RESOLVER } from './resource-scope.registry.js';
import { PermissionCheckRequest } from './dto/permission-check.request.js';
import { PermissionsQuery } from './dto/permissions.query.js';
import { UserPermissionsQuery } from './dto/user-permissions.query.js';
import { PermissionChecksService } from './permission-checks.service.js';
import { RoleGrantsService } from './role-grants.service.js';

/**
 * Permission checks and the caller's own view. Asking about yourself is always allowed, asking about someone
 * else needs `admin.user_management` or `admin.security_audit` globally: that "or self" is row-level, so these
 * routes are `@Authenticated()` and the service decides.
 */
@ApiTags('ContextForge: RBAC')
@Controller('rbac')
export class PermissionsController {
  constructor(
    private readonly checks: PermissionChecksService,
    private readonly grants: RoleGrantsService,
  ) {}

  @Post('permissions/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Would this user be granted this permission (in this team)? With the grants or the reason: the explain' })
  @RequireAnyPermission(INSPECTOR, scopes.resource(USER_SUBJECT_RESOLVER, from.body('user_email')))
  check(@CurrentPrincipal() principal: Principal, @Body() body: PermissionCheckRequest) {
    return this.checks.check(principal, body);
  }

  @Get('permissions/user/:email')
  @ApiOperation({ summary: "A user's effective permissions (in a team, or any team; by_team=true for the breakdown)" })
  @RequireAnyPermission(INSPECTOR, scopes.resource(USER_SUBJECT_RESOLVER, from.path('email')))
  userPermissions(@CurrentPrincipal() principal: Principal, @Param('email') email: string, @Query() query: UserPermissionsQuery) {
    return this.checks.userPermissions(principal, email, query);
  }

  @Get('permissions/available')
  @ApiOperation({ summary: 'The permission catalogue, grouped by resource' })
  @Authenticated()
  available() {
    return this.checks.available();
  }

  @Get('my/roles')
  @ApiOperation({ summary: "The caller's active role assignments" })
  @Authenticated()
  myRoles(@CurrentPrincipal() principal: Principal) {
    return this.grants.mine(principal);
  }

  @Get('my/permissions')
  @ApiOperation({ summary: "The caller's effective permissions (in a team, or any team)" })
  @Authenticated()
  myPermissions(@CurrentPrincipal() principal: Principal, @Query() query: PermissionsQuery) {
    return this.checks.myPermissions(principal, query.team_id);
  }
}
