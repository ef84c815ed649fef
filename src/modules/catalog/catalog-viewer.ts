import type { VisibilityView } from '../rbac/visibility-view.js';

/** What a caller may see of team-scoped rows (gateways and the catalog), as the engine computed it. */
export type CatalogViewer = VisibilityView;

/**
 * The engine's visibility rule as SQL over `alias`, for listings: every public row, the caller's own rows in the
 * teams they act in (and their team-less rows), and the team rows of the caller's teams.
 */
export function visibleSql(viewer: CatalogViewer, alias: string): { sql: string; params: Record<string, unknown> } {
  const parts = [`${alias}.visibility = 'public'`];
  const params: Record<string, unknown> = {};
  const inTeams = viewer.teamIds.length > 0 ? `${alias}.team_id IN (:...viewerTeams)` : 'false';
  if (viewer.teamIds.length > 0) params.viewerTeams = [...viewer.teamIds];
  if (viewer.seesOwn && viewer.userId !== null) {
    parts.push(`(${alias}.owner_user_id = :viewerId AND (${alias}.team_id IS NULL OR ${inTeams}))`);
    params.viewerId = viewer.userId;
  }
  if (viewer.seesAllShared) {
    parts.push(`${alias}.visibility = 'team'`);
  } else if (viewer.teamIds.length > 0) {
    parts.push(`(${alias}.visibility = 'team' AND ${alias}.team_id IN (:...viewerTeams))`);
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/** `?team_id=` of a team the caller is not in lists nothing (ContextForge answers 200 with an empty list). */
export function mayListTeam(viewer: CatalogViewer, teamId: string): boolean {
  return viewer.seesAllShared || viewer.teamIds.includes(teamId);
}
