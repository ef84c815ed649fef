import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { AssignRoleRequest } from '../rbac/dto/assign-role.request.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { INSPECTOR } from '../rbac/inspector.js';
import { from, RequireAnyPermission, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { USER_SUBJECT_RESOLVER } from '../rbac/resource-scope.registry.js';
import { RoleGrantsService } from '../rbac/role-grants.service.js';
import { AdminCreateUserRequest } from '../users/dto/admin-create-user.request.js';
import { AdminUsersService } from '../users/admin-users.service.js';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { optional, validatedAs } from './admin-form-fields.js';
import { answerChange, sendPage, shellUrl } from './admin-responses.js';
import type { TableModel } from './admin-table.model.js';
import { AdminRevokeRoleForm } from './dto/admin-revoke-role.form.js';
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

  @Get('users/:email/roles')
  @ApiProduces('text/html')
  @ApiOperation({ summary: "A user's active role assignments (themself, a user manager or a security auditor)" })
  @RequireAnyPermission(INSPECTOR, scopes.resource(USER_SUBJECT_RESOLVER, from.path('email')))
  async roles(@CurrentPrincipal() principal: Principal, @Param('email') email: string, @Res() reply: FastifyReply) {
    const assignments = await this.grants.list(principal, email, { active_only: true });
    return sendPage(reply, 'user-roles', { email, table: assignmentTable(email, assignments), back: shellUrl('users') });
  }

  @Post('users/:email/roles/revoke')
  @HttpCode(303)
  @ApiOperation({ summary: 'Revoke one assignment (a team role: in scope_id)' })
  @RequirePermission('teams.manage_members', scopes.team(from.body('scope_id')))
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Authorized() target: AuthorizedTarget,
    @Param('email') email: string,
    @Body() form: AdminRevokeRoleForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.grants.revoke(principal, email, form.role, {
      scope_id: target.teamId ?? undefined,
      ...(target.teamId ? { scope: 'team' } : {}),
    });
    return answerChange(request, reply, 'users', null, `Role ${form.role} revoked from ${email}`);
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

function assignmentTable(email: string, assignments: Awaited<ReturnType<RoleGrantsService['list']>>): TableModel {
  return {
    kind: 'assignments',
    rowPrefix: 'assignment',
    columns: ['Role', 'Scope', 'Team', 'Granted', 'Expires'],
    rows: assignments.map((a) => ({
      id: a.id,
      cells: [
        { text: a.role_name },
        { text: a.scope },
        { text: a.scope_id ?? '—', cls: 'mono' },
        { text: a.granted_at.slice(0, 10) },
        { text: a.expires_at?.slice(0, 10) ?? 'never' },
      ],
      actions: [
        {
          href: `/admin/users/${encodeURIComponent(email)}/roles/revoke`,
          label: 'Revoke',
          cls: 'danger',
          confirm: `Revoke ${a.role_name} from ${email}?`,
          fields: [
            { name: 'role', value: a.role_name },
            ...(a.scope === 'team' && a.scope_id ? [{ name: 'scope_id', value: a.scope_id }] : []),
          ],
        },
      ],
    })),
    next: null,
  };
}
