import type { LitellmUserRole } from '../modules/users/entities/user.entity.js';

/** The user a request acts as, as loaded from the database at authentication time. */
export interface PrincipalUser {
  id: string;
  userId: string;
  email: string | null;
  isAdmin: boolean;
  userRole: LitellmUserRole;
}

export interface PrincipalKey {
  id: string;
  teamId: string | null;
  /** LiteLLM's key_type (`llm_api`, `management`, `read_only`, `default`); null = unrestricted. */
  keyType: string | null;
  /** LiteLLM's `allowed_routes` of that key: the only routes it may call (empty: no such restriction). */
  allowedRoutes: readonly string[];
}

/**
 * Who is calling. Resolved by `src/auth` before any permission is checked; the permission engine decides
 * what it may do.
 */
export interface Principal {
  kind: 'master_key' | 'virtual_key' | 'user_token';
  /** Null only for the master key. */
  user: PrincipalUser | null;
  key: PrincipalKey | null;
  /** Teams a token is narrowed to: null = all of the user's teams; [] = public only. */
  tokenTeams: string[] | null;
  /**
   * The access epoch read with the principal (database/migrations/*-access-epoch): cached permission snapshots
   * older than this are stale. Null when nothing was read (the master key).
   */
  accessEpoch: string | null;
}

export const isMasterKey = (principal: Principal): boolean => principal.kind === 'master_key';
