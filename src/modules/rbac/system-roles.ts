import { allOf, type Permission, WILDCARD } from './permission.js';
import type { RoleScope } from './entities/role.entity.js';

export interface SystemRoleDefinition {
  name: string;
  scope: RoleScope;
  description: string;
  permissions: readonly (Permission | typeof WILDCARD)[];
}

const teamAdminPermissions: Permission[] = [
  'admin.dashboard',
  'admin.overview',
  ...allOf('gateways'),
  'servers.read',
  'servers.use',
  'servers.create',
  'servers.update',
  'servers.delete',
  'teams.read',
  'teams.update',
  'teams.join',
  'teams.delete',
  'teams.manage_members',
  'tools.read',
  'tools.execute',
  'tools.preview',
  'tools.create',
  'tools.update',
  'tools.delete',
  'tools.manage_plugins',
  'plugins.read',
  'resources.read',
  'resources.create',
  'resources.update',
  'resources.delete',
  'prompts.read',
  'prompts.create',
  'prompts.update',
  'prompts.delete',
  ...allOf('llm'),
  ...allOf('a2a'),
  ...allOf('tokens'),
  // (ours) LiteLLM team admins manage their team's keys.
  ...allOf('keys'),
];

const DEVELOPER_EXCLUDES = new Set<Permission>([
  'teams.update',
  'teams.delete',
  'teams.manage_members',
  'tools.manage_plugins',
  // (ours) developers mint and read team keys; changing or revoking other people's keys stays with team admins.
  'keys.update',
  'keys.delete',
  'keys.regenerate',
  'keys.block',
]);

const viewerPermissions: Permission[] = [
  'admin.dashboard',
  'admin.overview',
  'gateways.read',
  'servers.read',
  'servers.use',
  'teams.read',
  'teams.join',
  'tools.read',
  'tools.execute',
  'tools.preview',
  'resources.read',
  'prompts.read',
  'llm.read',
  'a2a.read',
  ...allOf('tokens'),
  // (ours) LiteLLM lets every member of a key's team read it.
  'keys.read',
];

/**
 * The built-in roles: created at boot, re-synced to exactly these sets on every boot, immutable through the API.
 * Names, scopes and sets follow ContextForge; `platform_auditor` is LiteLLM's `proxy_admin_viewer`.
 */
export const SYSTEM_ROLES: readonly SystemRoleDefinition[] = [
  { name: 'platform_admin', scope: 'global', description: 'Everything, everywhere', permissions: [WILDCARD] },
  {
    name: 'platform_viewer',
    scope: 'global',
    description: 'Every user: read what visibility allows, join teams, manage own tokens',
    permissions: [
      'admin.dashboard',
      'admin.overview',
      'gateways.read',
      'servers.read',
      'servers.use',
      'teams.read',
      'teams.join',
      'tools.read',
      'resources.read',
      'prompts.read',
      'llm.read',
      'a2a.read',
      'metrics:read',
      ...allOf('tokens'),
    ],
  },
  {
    name: 'platform_auditor',
    scope: 'global',
    description: 'LiteLLM proxy_admin_viewer: reads everything (keys, users, teams), changes nothing',
    permissions: [
      'admin.dashboard',
      'admin.overview',
      'users.read',
      'teams.read',
      'keys.read',
      'gateways.read',
      'servers.read',
      'tools.read',
      'resources.read',
      'prompts.read',
      'llm.read',
      'a2a.read',
      'metrics:read',
      'logs:read',
      'audit:read',
    ],
  },
  { name: 'team_admin', scope: 'team', description: 'Manages a team and everything in it', permissions: teamAdminPermissions },
  {
    name: 'developer',
    scope: 'team',
    description: 'Builds in a team: creates and changes catalog items',
    permissions: teamAdminPermissions.filter((p) => !DEVELOPER_EXCLUDES.has(p)),
  },
  { name: 'viewer', scope: 'team', description: 'Reads and uses what a team has', permissions: viewerPermissions },
];

export const SystemRole = {
  PLATFORM_ADMIN: 'platform_admin',
  PLATFORM_VIEWER: 'platform_viewer',
  PLATFORM_AUDITOR: 'platform_auditor',
  TEAM_ADMIN: 'team_admin',
  DEVELOPER: 'developer',
  VIEWER: 'viewer',
} as const;

/** The team role a membership carries automatically (ContextForge: owner → team_admin, member → viewer). */
export const MEMBERSHIP_ROLE_TO_TEAM_ROLE = { owner: SystemRole.TEAM_ADMIN, member: SystemRole.VIEWER } as const;
