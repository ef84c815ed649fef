import type { Permission } from './permission.js';

/**
 * LiteLLM's `team_member_permissions` name key routes; the engine works in permissions. This table is the
 * translation, so a team's member routes become permissions its plain members hold inside that team.
 */
export const MEMBER_ROUTE_PERMISSIONS: Readonly<Record<string, Permission>> = {
  '/key/generate': 'keys.generate',
  '/key/update': 'keys.update',
  '/key/bulk_update': 'keys.update',
  '/key/{key_id}/reset_spend': 'keys.update',
  '/key/delete': 'keys.delete',
  '/key/regenerate': 'keys.regenerate',
  '/key/{key_id}/regenerate': 'keys.regenerate',
  '/key/block': 'keys.block',
  '/key/unblock': 'keys.block',
  '/key/info': 'keys.read',
  '/key/health': 'keys.read',
  '/key/list': 'keys.read',
  '/key/aliases': 'keys.read',
};

export const MEMBER_ROUTES = Object.keys(MEMBER_ROUTE_PERMISSIONS);

/** What plain members may do when a team sets nothing (LiteLLM's default). */
export const DEFAULT_MEMBER_ROUTES: readonly string[] = ['/key/info', '/key/health'];

export function effectiveMemberRoutes(routes: readonly string[] | null | undefined): readonly string[] {
  return routes && routes.length > 0 ? routes : DEFAULT_MEMBER_ROUTES;
}

export function permissionsOfMemberRoutes(routes: readonly string[]): Set<Permission> {
  const granted = new Set<Permission>();
  for (const route of routes) {
    const permission = MEMBER_ROUTE_PERMISSIONS[route];
    if (permission) granted.add(permission);
  }
  return granted;
}

/** Whether a denied permission is one that team member routes could have granted. */
export function isMemberRoutePermission(permission: string): boolean {
  return Object.values(MEMBER_ROUTE_PERMISSIONS).includes(permission as Permission);
}
