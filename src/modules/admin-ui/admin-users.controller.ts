import { Body, Controller, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { AssignRoleRequest } from '../rbac/dto/assign-role.request.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { RoleGrantsService } from '../rbac/role-grants.service.js';
import { AdminCreateUserRequest } from '../users/dto/admin-create-user.request.js';
import { AdminUsersService } from '../users/admin-users.service.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { optional, validatedAs } from './admin-form-fields.js';
import { answerChange } from './admin-responses.js';
import { AdminAssignRoleForm } from './dto/admin-assign-role.form.js';
import { AdminUserForm } from './dto/admin-user.form.js';

/** The users and roles tabs: the same decisions as `/auth/email/admin/users` and `/rbac/users/{email}/roles`. */
@ApiTags('Admin UI')
@UseFilters(AdminExceptionFilter)
@Controller('admin')
export class AdminUsersController {
  constructor(
    private readonly users: AdminUsersService,
    private readonly grants: RoleGrantsService,
  ) {}

  @Post('users')
  @HttpCode(303)
  @ApiOperation({ summary: 'Create a user who signs in with a password' })
  @RequirePermission('admin.user_management', scopes.global())
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() form: AdminUserForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = await validatedAs(AdminCreateUserRequest, {
      email: form.email,
      password: form.password,
      full_name: optional(form.full_name),
    });
    const user = await this.users.create(principal, input);
    return answerChange(request, reply, 'users', null, `User ${user.email} created`);
  }

  @Post('roles/assign')
  @HttpCode(303)
  @ApiOperation({ summary: 'Assign a role: a team role in scope_id, else a global one' })
  @RequirePermission('teams.manage_members', scopes.team(from.body('scope_id')))
  async assign(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Body() form: AdminAssignRoleForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = await validatedAs(AssignRoleRequest, {
      role_id: form.role_id,
      scope: target.teamId ? 'team' : 'global',
      scope_id: target.teamId ?? undefined,
    });
    await this.grants.grant(principal, form.email, input, target);
    return answerChange(request, reply, 'roles', null, `Role assigned to ${form.email}`);
  }
}
