import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import type { KeyView } from '../keys/key-view.js';
import { KeysService } from '../keys/keys.service.js';
import { OWN_NEW_TEAM } from '../rbac/access-snapshot.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { RolesAdminService } from '../rbac/roles-admin.service.js';
import { RolesService } from '../rbac/roles.service.js';
import { ContextforgeTeamsService } from '../teams/contextforge-teams.service.js';
import { TeamInvitationsService } from '../teams/team-invitations.service.js';
import { TeamsService } from '../teams/teams.service.js';
import { AdminUsersService } from '../users/admin-users.service.js';
import { AdminCatalogService, type CatalogTab } from './admin-catalog.service.js';
import type { TableModel, TableRow } from './admin-table.model.js';

const CATALOG_TABS: CatalogTab[] = ['servers', 'gateways', 'tools', 'resources', 'prompts'];

/**
 * Everything the `/admin` page shows, for one caller in one view ("All teams", or the team the guard authorized).
 * Tabs the caller may not use are left out (users, roles); buttons the engine would refuse are not offered.
 */
@Injectable()
export class AdminShellService {
  constructor(
    private readonly catalog: AdminCatalogService,
    private readonly teams: TeamsService,
    private readonly contextforgeTeams: ContextforgeTeamsService,
    private readonly invitations: TeamInvitationsService,
    private readonly keys: KeysService,
    private readonly users: AdminUsersService,
    private readonly roleAdmin: RolesAdminService,
    private readonly roles: RolesService,
  ) {}

  async page(principal: Principal, target: AuthorizedTarget, messages: { error?: string; notice?: string }) {
    const teamId = target.teamId;
    const teams = await this.teams.listVisible(principal, { includeOwnPersonal: true });
    const current = teamId ? teams.find((team) => team.id === teamId) : undefined;
    const may = (permission: string, inTeam: boolean) =>
      this.roles.decide(principal, permission, inTeam && teamId ? { kind: 'team', teamId } : { kind: 'global' }).then((d) => d.granted);
    const mayManageMembers = teamId ? await may('teams.manage_members', true) : false;
    const managesUsers = await may('admin.user_management', false);
    const tables: Record<string, TableModel> = {};
    for (const tab of CATALOG_TABS) tables[tab] = await this.catalog.table(principal, tab, teamId);
    tables.teams = teamTable(teams, teamId);
    if (teamId && (await may('teams.read', true))) {
      tables.members = memberTable(teamId, await this.contextforgeTeams.members(teamId), mayManageMembers);
    }
    if (teamId && mayManageMembers) tables.invitations = invitationTable(await this.invitations.list(teamId));
    tables.keys = keyTable((await this.keys.list(principal, { page: 1, size: 50, return_full_object: true })).keys as KeyView[]);
    const roleOptions = managesUsers ? await this.roleAdmin.list({}) : [];
    return {
      who: principal.user?.email ?? principal.user?.userId ?? 'master key',
      isAdmin: await this.roles.isPlatformAdmin(principal),
      teamId,
      teamName: current?.name ?? null,
      teamVals: JSON.stringify(teamId ? { team_id: teamId } : {}),
      teams: teams.map((team) => ({ id: team.id, name: team.name ?? team.id, personal: team.isPersonal })),
      tables,
      mayManageMembers,
      // Asked as `POST /admin/teams` decides it: a team the caller will own.
      mayCreateTeams: (await this.roles.decide(principal, 'teams.create', { kind: 'global' }, OWN_NEW_TEAM)).granted,
      usersTable: managesUsers ? userTable(await this.users.list(0, 200)) : null,
      rolesTable: managesUsers ? roleTable(roleOptions) : null,
      roleOptions,
      error: messages.error,
      notice: messages.notice,
    };
  }
}

function teamTable(teams: Awaited<ReturnType<TeamsService['listVisible']>>, currentId: string | null): TableModel {
  return {
    kind: 'teams',
    rowPrefix: 'team',
    columns: ['Team', 'Visibility', 'Kind'],
    rows: teams.map((team) => ({
      id: team.id,
      cells: [
        { text: team.name ?? team.id },
        { text: team.visibility, pill: team.visibility === 'public' ? 'public' : undefined },
        { text: team.isPersonal ? 'personal' : team.id === currentId ? 'current view' : 'team' },
      ],
      actions:
        team.id === currentId ? [] : [{ href: '/admin', method: 'GET', label: 'Open', fields: [{ name: 'team_id', value: team.id }] }],
    })),
    next: null,
  };
}

function memberTable(teamId: string, members: { user_email: string | null; role: string }[], mayManage: boolean): TableModel {
  return {
    kind: 'members',
    rowPrefix: 'member',
    columns: ['Member', 'Role'],
    rows: members.map((member) => ({
      id: member.user_email ?? '',
      cells: [{ text: member.user_email ?? '—' }, { text: member.role, pill: member.role === 'owner' ? 'public' : undefined }],
      actions:
        mayManage && member.user_email
          ? [
              {
                href: `/admin/teams/${encodeURIComponent(teamId)}/members/remove`,
                label: 'Remove',
                cls: 'danger',
                confirm: `Remove ${member.user_email} from the team?`,
                fields: [{ name: 'email', value: member.user_email }],
              },
            ]
          : [],
    })),
    next: null,
  };
}

function keyTable(keys: KeyView[]): TableModel {
  return {
    kind: 'keys',
    rowPrefix: 'key',
    columns: ['Alias', 'Key', 'Team', 'Budget', 'Expires', 'Status'],
    rows: keys.map((key): TableRow => {
      const base = `/admin/keys/${key.token}`;
      return {
        id: key.token,
        enabled: !key.blocked,
        cells: [
          { text: key.key_alias ?? '—' },
          { text: key.key_name ?? '', cls: 'mono' },
          { text: key.team_id ?? 'personal' },
          { text: `${key.spend ?? 0} / ${key.max_budget ?? '∞'} USD` },
          { text: key.expires ?? 'never' },
          { text: key.blocked ? 'blocked' : 'active', pill: key.blocked ? 'private' : 'public' },
        ],
        actions: [
          { href: `${base}/${key.blocked ? 'unblock' : 'block'}`, label: key.blocked ? 'Unblock' : 'Block' },
          { href: `${base}/regenerate`, label: 'Regenerate', confirm: 'Issue a new secret? The current one stops working at once.' },
          { href: `${base}/delete`, label: 'Delete', cls: 'danger', confirm: 'Delete this key? Clients using it are refused at once.' },
        ],
      };
    }),
    next: null,
  };
}

function userTable(users: Awaited<ReturnType<AdminUsersService['list']>>): TableModel {
  return {
    kind: 'users',
    rowPrefix: 'user',
    columns: ['Email', 'Name', 'Admin', 'Status', 'Last login'],
    rows: users.map((user) => ({
      id: user.email ?? '',
      enabled: user.is_active,
      cells: [
        { text: user.email ?? '—' },
        { text: user.full_name ?? '' },
        { text: user.is_admin ? 'platform admin' : '' },
        { text: user.is_active ? 'active' : 'inactive', pill: user.is_active ? 'public' : 'private' },
        { text: user.last_login ? `${user.last_login.slice(0, 16).replace('T', ' ')} UTC` : 'never' },
      ],
      actions: user.email ? [{ href: `/admin/users/${encodeURIComponent(user.email)}/roles`, method: 'GET', label: 'Roles' }] : [],
    })),
    next: null,
  };
}

function invitationTable(invitations: Awaited<ReturnType<TeamInvitationsService['list']>>): TableModel {
  return {
    kind: 'invitations',
    rowPrefix: 'invitation',
    columns: ['Email', 'Role', 'Invited by', 'Expires'],
    rows: invitations.map((invitation) => ({
      id: invitation.id,
      cells: [
        { text: invitation.email },
        { text: invitation.role },
        { text: invitation.invited_by ?? '—' },
        {
          text: invitation.is_expired ? 'expired' : invitation.expires_at.slice(0, 10),
          pill: invitation.is_expired ? 'private' : undefined,
        },
      ],
      actions: [
        {
          href: `/admin/teams/invitations/${invitation.id}/revoke`,
          label: 'Revoke',
          cls: 'danger',
          confirm: `Revoke the invitation of ${invitation.email}?`,
        },
      ],
    })),
    next: null,
  };
}

function roleTable(roles: Awaited<ReturnType<RolesAdminService['list']>>): TableModel {
  return {
    kind: 'roles',
    rowPrefix: 'role',
    columns: ['Role', 'Scope', 'Permissions', 'Kind'],
    rows: roles.map((role) => ({
      id: role.id,
      cells: [
        { text: role.name },
        { text: role.scope },
        { text: role.effective_permissions.includes('*') ? 'everything' : `${role.effective_permissions.length} permissions` },
        { text: role.is_system_role ? 'system' : 'custom' },
      ],
      actions: [],
    })),
    next: null,
  };
}
