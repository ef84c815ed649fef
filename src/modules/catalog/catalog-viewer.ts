import type { Visibility } from './entities/owned-row.js';

/**
 * What a caller may see of team-scoped rows (gateways and the catalog). Built once per request from the
 * caller's access snapshot; everything here is pure so the rule can be tested as a table.
 */
export interface CatalogViewer {
  email: string | null;
  /** Teams whose `team` rows the caller sees: their memberships, narrowed by the token. */
  teamIds: readonly string[];
  /** Platform admins and auditors see every `team` row too, but still never other users' private rows. */
  seesAllShared: boolean;
  /** False for public-only tokens (`teams: []`): nothing but public rows, not even the caller's own. */
  seesOwn: boolean;
}

export interface VisibleFacts {
  teamId: string | null;
  ownerEmail: string | null;
  visibility: Visibility;
}

/** Every public row, the caller's own rows, and the team rows of the caller's teams. */
export function canSee(viewer: CatalogViewer, row: VisibleFacts): boolean {
  if (row.visibility === 'public') return true;
  if (viewer.seesOwn && viewer.email !== null && row.ownerEmail === viewer.email) return true;
  if (row.visibility !== 'team') return false;
  return viewer.seesAllShared || (row.teamId !== null && viewer.teamIds.includes(row.teamId));
}

/** The same rule as SQL over `alias`, for listings. */
export function visibleSql(viewer: CatalogViewer, alias: string): { sql: string; params: Record<string, unknown> } {
  const parts = [`${alias}.visibility = 'public'`];
  const params: Record<string, unknown> = {};
  if (viewer.seesOwn && viewer.email !== null) {
    parts.push(`${alias}.owner_email = :viewerEmail`);
    params.viewerEmail = viewer.email;
  }
  if (viewer.seesAllShared) {
    parts.push(`${alias}.visibility = 'team'`);
  } else if (viewer.teamIds.length > 0) {
    parts.push(`(${alias}.visibility = 'team' AND ${alias}.team_id IN (:...viewerTeams))`);
    params.viewerTeams = [...viewer.teamIds];
  }
  return { sql: `(${parts.join(' OR ')})`, params };
}

/** `?team_id=` of a team the caller is not in lists nothing (ContextForge answers 200 with an empty list). */
export function mayListTeam(viewer: CatalogViewer, teamId: string): boolean {
  return viewer.seesAllShared || viewer.teamIds.includes(teamId);
}
