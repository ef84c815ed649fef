import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cacheBudget } from '../common/cache/access-cache.module.js';
import { CacheRegistry } from '../common/cache/cache-registry.js';
import { ChangeFeed, type ChangeEvent } from '../common/cache/change-feed.js';
import { TaggedCache } from '../common/cache/tagged-cache.js';
import { sha256Hex } from '../common/crypto/secrets.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
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
  /** Found by its current hash (else by the previous one, valid until previous_token_expires_at). */
  by_current_hash: boolean;
  previous_token_expires_at: Date | null;
  access_epoch: string;
}

interface UserRow {
  id: string;
  user_id: string;
  email: string | null;
  is_admin: boolean;
  user_role: PrincipalUser['userRole'];
  is_active: boolean;
  credential_version: number;
  /**
   * For a token without a credential version: the first `iat` (whole seconds) provably issued after the last
   * credential change (see ISSUED_AFTER_SQL).
   */
  issued_not_before: number;
  access_epoch: string;
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
 * For a token without a credential version: was its `iat` (whole seconds) provably issued after the last
 * credential change, i.e. at or after the first whole second following it? Without a change since creation the
 * bound is the creation second itself, so a token minted right after an account was created, in the same second,
 * works (seed 004 does exactly that); the only tokens this lets through that predate the row are ones minted for
 * a deleted account with the same email within that same second. See migrations/*-credential-version.
 *
 * The bound is computed by the database (microsecond timestamps: a JavaScript Date would round them) and compared
 * in JavaScript, `iat >= bound`, so a cached row answers exactly as the query did.
 */
const ISSUED_AFTER_SQL = `COALESCE(
  ceil(extract(epoch FROM credentials_changed_at)), floor(extract(epoch FROM created_at))
)::double precision AS issued_not_before`;

const USER_COLUMNS = `id, user_id, email, is_admin, user_role, is_active, credential_version, ${ISSUED_AFTER_SQL}`;

const invalidToken = () => new DomainError(ErrorCode.INVALID_TOKEN, 'Invalid authentication credentials');

/**
 * Resolves credentials to principals with one narrow query each, or none when cached; the database decides, never
 * the token.
 *
 * The one deliberate exception to "each module owns its tables" (habit 11): on a cache miss this reads a stored
 * credential (a virtual key or an API token) with its owner user, its team's block flag and the access epoch
 * (api_keys, users, teams, access_epoch) in ONE statement, because asking four modules' services would cost four
 * round trips on the hot path.
 *
 * The rows are cached only while the change feed is healthy (src/common/cache): each change to a key, user or team
 * is announced by the database and drops exactly the entries built from it, on every instance. While the feed is
 * down every lookup reads the database, as it did before the caches existed.
 */
@Injectable()
export class PrincipalLoader {
  /**
   * Credential rows by `<kind>:<hash>` (virtual keys and API tokens), tagged with the key, its owner and its team.
   * Only found rows are kept (a flood of unknown keys cannot evict the known ones); expiry, blocks and the previous
   * hash's grace period are checked against the cached row on every request.
   */
  private readonly credentials: TaggedCache<KeyRow>;
  /** User rows behind session tokens by `id:<uuid>` and `email:<email>`, tagged with the user. */
  private readonly users: TaggedCache<UserRow>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeed,
    registry: CacheRegistry,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'cache'>,
  ) {
    const budget = cacheBudget(config.cache.maxEntries);
    this.credentials = registry.register(new TaggedCache<KeyRow>('credentials', budget.credentials));
    this.users = registry.register(new TaggedCache<UserRow>('users', budget.users));
    feed.subscribe((event) => this.apply(event));
  }

  /** Per entity: a key, a user (their row, keys and tokens) or a team (its keys' block flag). */
  private apply(event: ChangeEvent): void {
    if (event.kind === 'flush') {
      this.credentials.clear();
      this.users.clear();
      return;
    }
    switch (event.table) {
      case 'api_keys':
        this.credentials.invalidateTag(`key:${event.id}`);
        break;
      case 'users':
        this.credentials.invalidateTag(`user:${event.id}`);
        this.users.invalidateTag(`user:${event.id}`);
        break;
      case 'teams':
        this.credentials.invalidateTag(`team:${event.id}`);
        break;
    }
  }

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
   * access epoch in ONE statement, or the cached row while the feed is healthy; the checks (revoked, blocked,
   * expired, owner inactive) run on every request either way, so an expiry counts at its instant and a revocation
   * or block at the next request after its notification. A credential is found only as the kind it was presented as.
   */
  private async fromCredentialHash(hash: string, kind: PrincipalKey['kind'], now: Date): Promise<Principal> {
    const cacheKey = `${kind}:${hash}`;
    let row: KeyRow | undefined;
    let accessEpoch: string | null = null;
    if (this.feed.healthy) {
      row = this.credentials.get(cacheKey);
      // A previous hash is honoured only until its grace period ends: then the database decides (it no longer matches).
      if (row && !row.by_current_hash && !(row.previous_token_expires_at && row.previous_token_expires_at > now)) {
        this.credentials.delete(cacheKey);
        row = undefined;
      }
    }
    if (!row) {
      const ticket = this.feed.ticket();
      const rows: KeyRow[] = await this.dataSource.query(
        `SELECT k.id, k.kind, k.team_id, k.key_type, k.allowed_routes, k.blocked, k.expires_at, k.revoked_at,
                k.server_id, k.scope_permissions, k.ip_restrictions, k.time_restrictions, t.blocked AS team_blocked,
                u.id AS owner_id, u.user_id AS owner_user_id, u.email AS owner_email, u.is_admin AS owner_is_admin,
                u.user_role AS owner_user_role, u.is_active AS owner_is_active, k.token_hash = $1 AS by_current_hash,
                k.previous_token_expires_at, ${ACCESS_EPOCH_SQL}
           FROM api_keys k
           LEFT JOIN users u ON u.id = k.user_id
           LEFT JOIN teams t ON t.id = k.team_id
          WHERE (k.token_hash = $1 OR (k.previous_token_hash = $1 AND k.previous_token_expires_at > now()))
            AND k.kind = $2
          LIMIT 1`,
        [hash, kind],
      );
      row = rows[0];
      accessEpoch = row?.access_epoch ?? null;
      if (row && this.feed.valid(ticket)) {
        const tags = [`key:${row.id}`];
        if (row.owner_id) tags.push(`user:${row.owner_id}`);
        if (row.team_id) tags.push(`team:${row.team_id}`);
        this.credentials.set(cacheKey, row, tags);
      }
    }
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
      // Read only with a database lookup: a cached principal's snapshot comes from the feed-kept cache, or is read.
      accessEpoch,
    };
  }

  /**
   * For a verified token of ours: the user it was issued to (by id, so a new account under the same email is not
   * them) must exist, be active, still have that email and the credential version the token carries.
   */
  async fromSessionToken(binding: SessionTokenBinding, teamClaims: TeamClaims): Promise<Principal> {
    const { row, accessEpoch } = await this.userRow('id', binding.userId);
    if (!row || !row.is_active || row.credential_version !== binding.credentialVersion || row.email !== binding.email.toLowerCase()) {
      throw invalidToken();
    }
    return this.userPrincipal(row, teamClaims, accessEpoch);
  }

  /**
   * For a verified token minted with our secret by ContextForge's helper (`sub` = email, no id or version): the
   * user must exist, be active, and the token must have been issued after their credentials last changed.
   */
  async fromUnversionedToken(email: string, issuedAt: number, teamClaims: TeamClaims): Promise<Principal> {
    const { row, accessEpoch } = await this.userRow('email', email.toLowerCase());
    if (!row || !row.is_active || !(issuedAt >= Number(row.issued_not_before))) throw invalidToken();
    return this.userPrincipal(row, teamClaims, accessEpoch);
  }

  /** A user row by id or (lower-cased) email: from the cache while the change feed is healthy, else read. */
  private async userRow(by: 'id' | 'email', value: string): Promise<{ row: UserRow | undefined; accessEpoch: string | null }> {
    const cacheKey = `${by}:${value}`;
    const cached = this.feed.healthy ? this.users.get(cacheKey) : undefined;
    if (cached) return { row: cached, accessEpoch: null };
    const ticket = this.feed.ticket();
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${USER_COLUMNS}, ${ACCESS_EPOCH_SQL} FROM users WHERE ${by === 'id' ? 'id' : 'email'} = $1`,
      [value],
    );
    const row = rows[0];
    if (row && this.feed.valid(ticket)) this.users.set(cacheKey, row, [`user:${row.id}`]);
    return { row, accessEpoch: row?.access_epoch ?? null };
  }

  private userPrincipal(row: UserRow, teamClaims: TeamClaims, accessEpoch: string | null): Principal {
    const tokenTeams = tokenTeamsFor(teamClaims, row.is_admin || row.user_role === 'proxy_admin');
    if (tokenTeams === INVALID_TEAMS_CLAIM) throw invalidToken();
    return {
      kind: 'user_token',
      user: { id: row.id, userId: row.user_id, email: row.email, isAdmin: row.is_admin, userRole: row.user_role },
      key: null,
      tokenTeams,
      accessEpoch,
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
