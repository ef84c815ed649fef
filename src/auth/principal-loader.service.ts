import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sha256Hex } from '../common/crypto/secrets.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { INVALID_TEAMS_CLAIM, type TeamClaims, tokenTeamsFor } from '../modules/rbac/token-team-claims.js';
import type { Principal, PrincipalKey, PrincipalUser, TokenTimeRestrictions } from './principal.js';

interface KeyRow {
  id: string;
  kind: PrincipalKey['kind'];
  team_id: string | null;
  key_type: string | null;
  allowed_routes: string[] | null;
  blocked: boolean;
  expires_at: Date | null;
  revoked_at: Date | null;
  server_id: string | null;
  scope_permissions: string[] | null;
  ip_restrictions: string[] | null;
  time_restrictions: TokenTimeRestrictions | null;
  team_blocked: boolean | null;
  owner_id: string | null;
  owner_user_id: string | null;
  owner_email: string | null;
  owner_is_admin: boolean | null;
  owner_user_role: PrincipalUser['userRole'] | null;
  owner_is_active: boolean | null;
  access_epoch: string;
}

interface UserRow {
  id: string;
  user_id: string;
  email: string | null;
  is_admin: boolean;
  user_role: PrincipalUser['userRole'];
  is_active: boolean;
  access_epoch: string;
}

interface VersionedUserRow extends UserRow {
  credential_version: number;
}

interface UnversionedUserRow extends UserRow {
  issued_under_current_credentials: boolean;
}

/** What a verified token of ours binds it to (TokenService). */
export interface SessionTokenBinding {
  /** users.id (`uid`) */
  userId: string;
  /** users.credential_version when it was issued (`cv`) */
  credentialVersion: number;
  /** `sub`: must still be the user's email */
  email: string;
}

/** Read in the same statement as the credentials, so a request never pays an extra round trip for it. */
const ACCESS_EPOCH_SQL = `(SELECT value::text FROM access_epoch WHERE id = 1) AS access_epoch`;

/**
 * For a token without a credential version ($2 = its `iat`, whole seconds): was it provably issued after the last
 * credential change, i.e. at or after the first whole second following it? Without a change since creation the
 * bound is the creation second itself, so a token minted right after an account was created, in the same second,
 * works (seed 004 does exactly that); the only tokens this lets through that predate the row are ones minted for
 * a deleted account with the same email within that same second. See migrations/*-credential-version.
 */
const ISSUED_UNDER_CURRENT_CREDENTIALS_SQL = `$2::double precision >= COALESCE(
  ceil(extract(epoch FROM credentials_changed_at)), floor(extract(epoch FROM created_at))
) AS issued_under_current_credentials`;

const USER_COLUMNS = 'id, user_id, email, is_admin, user_role, is_active';

const invalidToken = () => new DomainError(ErrorCode.INVALID_TOKEN, 'Invalid authentication credentials');

/**
 * Resolves credentials to principals with one narrow query each; the database decides, never the token.
 *
 * The one deliberate exception to "each module owns its tables" (habit 11): on every request this reads a stored
 * credential (a virtual key or an API token) with its owner user, its team's block flag and the access epoch (api_keys, users, teams, access_epoch) in ONE
 * statement, because asking four modules' services would cost four round trips on the hot path.
 */
@Injectable()
export class PrincipalLoader {
  constructor(private readonly dataSource: DataSource) {}

  /** A LiteLLM virtual key (`sk-...`), by the hash of its raw value. */
  async fromVirtualKey(rawKey: string, now = new Date()): Promise<Principal> {
    return this.fromCredentialHash(sha256Hex(rawKey), 'virtual_key', now);
  }

  /** A ContextForge API token (a JWT with `token_use: "api"`), by the hash of the raw token: the row decides. */
  async fromApiToken(rawToken: string, now = new Date()): Promise<Principal> {
    return this.fromCredentialHash(sha256Hex(rawToken), 'api_token', now);
  }

  /**
   * The one lookup of stored credentials, both kinds: the row (by hash), its owner, its team's block flag and the
   * access epoch in ONE statement, on every request (no cache), so a revocation, block or expiry counts at the
   * next request on every instance. A credential is found only as the kind it was presented as.
   */
  private async fromCredentialHash(hash: string, kind: PrincipalKey['kind'], now: Date): Promise<Principal> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT k.id, k.kind, k.team_id, k.key_type, k.allowed_routes, k.blocked, k.expires_at, k.revoked_at,
              k.server_id, k.scope_permissions, k.ip_restrictions, k.time_restrictions, t.blocked AS team_blocked,
              u.id AS owner_id, u.user_id AS owner_user_id, u.email AS owner_email, u.is_admin AS owner_is_admin,
              u.user_role AS owner_user_role, u.is_active AS owner_is_active, ${ACCESS_EPOCH_SQL}
         FROM api_keys k
         LEFT JOIN users u ON u.id = k.user_id
         LEFT JOIN teams t ON t.id = k.team_id
        WHERE (k.token_hash = $1 OR (k.previous_token_hash = $1 AND k.previous_token_expires_at > now()))
          AND k.kind = $2
        LIMIT 1`,
      [hash, kind],
    );
    const row = rows[0];
    const failure = row ? credentialFailure(row, now) : 'unknown';
    if (failure) throw refusal(kind, failure, row, now);
    const user: PrincipalUser | null = row.owner_id
      ? {
          id: row.owner_id,
          userId: row.owner_user_id!,
          email: row.owner_email,
          isAdmin: row.owner_is_admin === true,
          userRole: row.owner_user_role!,
        }
      : null;
    const isToken = row.kind === 'api_token';
    return {
      kind: row.kind,
      user,
      key: {
        id: row.id,
        kind: row.kind,
        teamId: row.team_id,
        keyType: isToken ? null : row.key_type,
        allowedRoutes: isToken ? [] : (row.allowed_routes ?? []),
        serverId: isToken ? row.server_id : null,
        permissions: isToken ? row.scope_permissions : null,
        ipRestrictions: isToken ? (row.ip_restrictions ?? []) : [],
        timeRestrictions: isToken ? (row.time_restrictions ?? {}) : {},
      },
      // A team key acts inside its team only. An API token too; a team-less API token is public-only (ContextForge:
      // `teams: []`), i.e. its creator's global rights and public rows, narrowed by its scope.
      tokenTeams: row.team_id ? [row.team_id] : isToken ? [] : null,
      accessEpoch: row.access_epoch,
    };
  }

  /**
   * For a verified token of ours: the user it was issued to (by id, so a new account under the same email is not
   * them) must exist, be active, still have that email and the credential version the token carries.
   */
  async fromSessionToken(binding: SessionTokenBinding, teamClaims: TeamClaims): Promise<Principal> {
    const rows: VersionedUserRow[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, credential_version, ${ACCESS_EPOCH_SQL} FROM users WHERE id = $1`,
      [binding.userId],
    );
    const row = rows[0];
    if (!row || !row.is_active || row.credential_version !== binding.credentialVersion || row.email !== binding.email.toLowerCase()) {
      throw invalidToken();
    }
    return this.userPrincipal(row, teamClaims);
  }

  /**
   * For a verified token minted with our secret by ContextForge's helper (`sub` = email, no id or version): the
   * user must exist, be active, and the token must have been issued after their credentials last changed.
   */
  async fromUnversionedToken(email: string, issuedAt: number, teamClaims: TeamClaims): Promise<Principal> {
    const rows: UnversionedUserRow[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, ${ISSUED_UNDER_CURRENT_CREDENTIALS_SQL}, ${ACCESS_EPOCH_SQL} FROM users WHERE email = $1`,
      [email.toLowerCase(), issuedAt],
    );
    const row = rows[0];
    if (!row || !row.is_active || !row.issued_under_current_credentials) throw invalidToken();
    return this.userPrincipal(row, teamClaims);
  }

  private userPrincipal(row: UserRow, teamClaims: TeamClaims): Principal {
    const tokenTeams = tokenTeamsFor(teamClaims, row.is_admin || row.user_role === 'proxy_admin');
    if (tokenTeams === INVALID_TEAMS_CLAIM) throw invalidToken();
    return {
      kind: 'user_token',
      user: { id: row.id, userId: row.user_id, email: row.email, isAdmin: row.is_admin, userRole: row.user_role },
      key: null,
      tokenTeams,
      accessEpoch: row.access_epoch,
    };
  }
}

type CredentialFailure = 'unknown' | 'revoked' | 'blocked' | 'team_blocked' | 'expired' | 'owner_inactive';

function credentialFailure(row: KeyRow, now: Date): CredentialFailure | null {
  if (row.revoked_at) return 'revoked';
  if (row.blocked) return 'blocked';
  if (row.team_blocked) return 'team_blocked';
  if (row.expires_at && row.expires_at <= now) return 'expired';
  if (row.owner_id && row.owner_is_active === false) return 'owner_inactive';
  return null;
}

/** Each surface's words for a refused credential: LiteLLM's for keys, ContextForge's (401) for API tokens. */
function refusal(kind: PrincipalKey['kind'], failure: CredentialFailure, row: KeyRow | undefined, now: Date): DomainError {
  if (kind === 'api_token') {
    const message =
      failure === 'revoked' ? 'Token has been revoked' : failure === 'expired' ? 'Token has expired' : 'Invalid authentication credentials';
    return new DomainError(ErrorCode.INVALID_TOKEN, message);
  }
  switch (failure) {
    case 'blocked':
      return new DomainError(
        ErrorCode.KEY_BLOCKED,
        'Authentication Error, Key is blocked. Update via `/key/unblock` if you are the owner.',
      );
    case 'team_blocked':
      return new DomainError(ErrorCode.KEY_BLOCKED, `Authentication Error, Team=${row!.team_id} is blocked.`);
    case 'expired':
      return new DomainError(
        ErrorCode.KEY_EXPIRED,
        `Authentication Error - Expired Key. Key Expiry time ${row!.expires_at!.toISOString()} and current time ${now.toISOString()}`,
      );
    case 'owner_inactive':
      return new DomainError(ErrorCode.KEY_BLOCKED, 'Authentication Error, the key owner is inactive.');
    default:
      return new DomainError(
        ErrorCode.KEY_NOT_FOUND,
        'Authentication Error, Invalid proxy server token passed. Key not found in database.',
      );
  }
}
