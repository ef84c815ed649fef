import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sha256Hex } from '../common/crypto/secrets.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { INVALID_TEAMS_CLAIM, type TeamClaims, tokenTeamsFor } from '../modules/rbac/token-team-claims.js';
import type { Principal, PrincipalUser } from './principal.js';

interface KeyRow {
  id: string;
  team_id: string | null;
  key_type: string | null;
  allowed_routes: string[] | null;
  blocked: boolean;
  expires_at: Date | null;
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
 * The one deliberate exception to "each module owns its tables" (habit 11): on every request this reads a key
 * with its owner user, its team's block flag and the access epoch (api_keys, users, teams, access_epoch) in ONE
 * statement, because asking four modules' services would cost four round trips on the hot path.
 */
@Injectable()
export class PrincipalLoader {
  constructor(private readonly dataSource: DataSource) {}

  async fromVirtualKey(rawKey: string, now = new Date()): Promise<Principal> {
    const hash = sha256Hex(rawKey);
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT k.id, k.team_id, k.key_type, k.allowed_routes, k.blocked, k.expires_at, t.blocked AS team_blocked,
              u.id AS owner_id, u.user_id AS owner_user_id, u.email AS owner_email, u.is_admin AS owner_is_admin,
              u.user_role AS owner_user_role, u.is_active AS owner_is_active, ${ACCESS_EPOCH_SQL}
         FROM api_keys k
         LEFT JOIN users u ON u.id = k.user_id
         LEFT JOIN teams t ON t.id = k.team_id
        WHERE k.token_hash = $1
           OR (k.previous_token_hash = $1 AND k.previous_token_expires_at > now())
        LIMIT 1`,
      [hash],
    );
    const row = rows[0];
    if (!row)
      throw new DomainError(ErrorCode.KEY_NOT_FOUND, 'Authentication Error, Invalid proxy server token passed. Key not found in database.');
    if (row.blocked)
      throw new DomainError(ErrorCode.KEY_BLOCKED, 'Authentication Error, Key is blocked. Update via `/key/unblock` if you are the owner.');
    if (row.team_blocked) throw new DomainError(ErrorCode.KEY_BLOCKED, `Authentication Error, Team=${row.team_id} is blocked.`);
    if (row.expires_at && row.expires_at <= now) {
      throw new DomainError(
        ErrorCode.KEY_EXPIRED,
        `Authentication Error - Expired Key. Key Expiry time ${row.expires_at.toISOString()} and current time ${now.toISOString()}`,
      );
    }
    if (row.owner_id && row.owner_is_active === false) {
      throw new DomainError(ErrorCode.KEY_BLOCKED, 'Authentication Error, the key owner is inactive.');
    }
    const user: PrincipalUser | null = row.owner_id
      ? {
          id: row.owner_id,
          userId: row.owner_user_id!,
          email: row.owner_email,
          isAdmin: row.owner_is_admin === true,
          userRole: row.owner_user_role!,
        }
      : null;
    return {
      kind: 'virtual_key',
      user,
      key: { id: row.id, teamId: row.team_id, keyType: row.key_type, allowedRoutes: row.allowed_routes ?? [] },
      // A team key acts inside its team only.
      tokenTeams: row.team_id ? [row.team_id] : null,
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
