import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { AssignRoleRequest } from './dto/assign-role.request.js';
import { RevokeRoleQuery } from './dto/revoke-role.query.js';
import { UserRolesQuery } from './dto/user-roles.query.js';
import { Authorized, type AuthorizedTarget } from './authorized-target.js';
import { from, RequireAnyPermission, RequirePermission, scopes } from './require-permission.decorator.js';
import { INSPECTOR } from './inspector.js';
import { USER_SUBJECT_RESOLVER } from './resource-scope.registry.js';
import { RoleGrantsService } from './role-grants.service.js';

/**
 * Role assignments of one user. Granting and revoking are decorated with `teams.manage_members` in the team the
 * request names (`scope_id`, body or query): the part of "user manager, or member manager of that team" the guard
 * can decide up front (platform admins pass through `*`). `RoleGrantsService` enforces the rest: global and
 * personal assignments need `admin.user_management`, and nobody grants or revokes more than they hold.
 */
@ApiTags('ContextForge: RBAC')
@Controller('rbac/users/:email/roles')
export class UserRolesController {
  constructor(private readonly grants: RoleGrantsService) {}

  @Post()
  @ApiOperation({ summary: 'Assign a role (201); already assigned → 409. A team role of a non-member counts once they join' })
  @RequirePermission('teams.manage_members', scopes.team(from.body('scope_id')))
  assign(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Param('email') email: string,
    @Body() body: AssignRoleRequest,
  ) {
    return this.grants.grant(principal, email, body, target);
  }

  @Get()
  @ApiOperation({ summary: "A user's role assignments (themself, a user manager or a security auditor)" })
  @RequireAnyPermission(INSPECTOR, scopes.resource(USER_SUBJECT_RESOLVER, from.path('email')))
  list(@CurrentPrincipal() principal: Principal, @Param('email') email: string, @Query() query: UserRolesQuery) {
    return this.grants.list(principal, email, query);
  }

  @Delete(':role')
  @ApiOperation({ summary: 'Revoke a role, named by id or name, optionally in one scope/scope_id (soft: kept as history)' })
  @RequirePermission('teams.manage_members', scopes.team(from.query('scope_id')))
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('email') email: string,
    @Param('role') role: string,
    @Query() query: RevokeRoleQuery,
  ) {
    return this.grants.revoke(principal, email, role, query);
  }
}
