import type { LitellmUserRole } from '../modules/users/entities/user.entity.js';

/** The user a request acts as, as loaded from the database at authentication time. */
export interface PrincipalUser {
  id: string;
  userId: string;
  email: string | null;
  isAdmin: boolean;
  userRole: LitellmUserRole;
}

/** ContextForge's time window of an API token (UTC): business hours 9-17 and/or weekdays only. */
export interface TokenTimeRestrictions {
  business_hours_only?: boolean;
  weekdays_only?: boolean;
}

/**
 * The stored credential a request authenticated with: a LiteLLM virtual key or a ContextForge API token. Both come
 * from the same row type and the same lookup; the fields of the other kind are null / empty.
 */
export interface PrincipalKey {
  id: string;
  kind: 'virtual_key' | 'api_token';
  teamId: string | null;
  /** LiteLLM's key_type (`llm_api`, `management`, `read_only`, `default`); null = unrestricted. */
  keyType: string | null;
  /** LiteLLM's `allowed_routes` of that key: the only routes it may call (empty: no such restriction). */
  allowedRoutes: readonly string[];
  /** API tokens: the one virtual server the token may call (null: no server restriction). */
  serverId: string | null;
  /** API tokens: the permission subset (null: no narrowing). */
  permissions: readonly string[] | null;
  /** API tokens: addresses / CIDRs the request must come from (empty: anywhere). */
  ipRestrictions: readonly string[];
  /** API tokens: when the token may be used (empty: always). */
  timeRestrictions: TokenTimeRestrictions;
}

/**
 * Who is calling. Resolved by `src/auth` before any permission is checked; the permission engine decides
 * what it may do.
 */
export interface Principal {
  kind: 'master_key' | 'virtual_key' | 'api_token' | 'user_token';
  /** Null only for the master key. */
  user: PrincipalUser | null;
  key: PrincipalKey | null;
  /** Teams a token is narrowed to: null = all of the user's teams; [] = public only. */
  tokenTeams: string[] | null;
  /**
   * The access epoch read with the principal (database/migrations/*-access-epoch): epoch-tagged snapshots older
   * than this are stale (the fallback while the change feed is down). Null when nothing was read (the master key, or
   * a principal served from the feed-kept cache).
   */
  accessEpoch: string | null;
}

export const isMasterKey = (principal: Principal): boolean => principal.kind === 'master_key';
