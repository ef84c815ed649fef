/**
 * How a user token's `teams` claim scopes it: ContextForge's rules, exactly, with the database as the authority
 * on admin status and memberships (ours).
 *
 * - `token_use: "session"` (our own login tokens, and ContextForge's): the teams come from the database; a
 *   non-empty `teams` list narrows them to that subset; an admin (by the database) is unrestricted.
 * - Any other token:
 *   - no `teams` claim → public rows only (the secure default);
 *   - `teams: null` → unrestricted only if the token says admin (`is_admin`, or `user.is_admin`); otherwise
 *     public only. Unrestricted still means the database's view: a user the database does not call admin gets
 *     their own teams, never everyone's;
 *   - `teams: []` → public rows only, even for an admin;
 *   - `teams: [...]` → those teams (ids, or `{id}` objects), and only those the user is still a member of.
 *
 * The result is the principal's `tokenTeams`: null = unrestricted, [] = public only, a list = narrowed.
 * A narrowed or public-only user token also sets aside the user's platform-wide reach (see `narrowsPlatformReach`).
 */
export interface TeamClaims {
  /** Whether the payload has a `teams` key at all (missing and `null` differ). */
  hasTeams: boolean;
  teams: unknown;
  tokenUse: unknown;
  /** `is_admin` at the top level or in `user` */
  claimsAdmin: boolean;
}

/** A `teams` claim of the wrong type: the token is refused rather than guessed at. */
export const INVALID_TEAMS_CLAIM = Symbol('invalid teams claim');

export function teamClaimsOf(payload: Record<string, unknown>): TeamClaims {
  const user = payload.user;
  const claimsAdmin =
    payload.is_admin === true || (typeof user === 'object' && user !== null && (user as { is_admin?: unknown }).is_admin === true);
  return {
    hasTeams: Object.prototype.hasOwnProperty.call(payload, 'teams'),
    teams: payload.teams,
    tokenUse: payload.token_use,
    claimsAdmin,
  };
}

export function tokenTeamsFor(claims: TeamClaims, databaseSaysAdmin: boolean): string[] | null | typeof INVALID_TEAMS_CLAIM {
  const { teams } = claims;
  if (teams !== undefined && teams !== null && !Array.isArray(teams)) return INVALID_TEAMS_CLAIM;
  if (claims.tokenUse === 'session') {
    if (databaseSaysAdmin) return null;
    return Array.isArray(teams) && teams.length > 0 ? teamIds(teams) : null;
  }
  if (!claims.hasTeams) return [];
  if (teams === null || teams === undefined) return claims.claimsAdmin ? null : [];
  return teamIds(teams);
}

/** Ids as strings; `{id}` objects are read; anything else in the list names no team. */
function teamIds(list: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const entry of list) {
    if (typeof entry === 'string' && entry !== '') ids.push(entry);
    else if (typeof entry === 'object' && entry !== null) {
      const id = (entry as { id?: unknown }).id;
      if ((typeof id === 'string' && id !== '') || typeof id === 'number') ids.push(String(id));
    }
  }
  return ids;
}

/**
 * A user token narrowed to some teams (or to public rows) does not carry the user's platform-wide reach: no admin
 * bypass and no view of every team's rows. Keys are LiteLLM's: a team key of an admin stays an admin's key.
 */
export function narrowsPlatformReach(principalKind: string, tokenTeams: readonly string[] | null): boolean {
  return principalKind === 'user_token' && tokenTeams !== null;
}
