import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { cacheBudget } from '../../common/cache/access-cache.module.js';
import { CacheRegistry } from '../../common/cache/cache-registry.js';
import { ChangeFeed, type ChangeEvent } from '../../common/cache/change-feed.js';
import { TaggedCache } from '../../common/cache/tagged-cache.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { AccessSnapshot, AssignmentGrant, MembershipGrant, OrganizationRole } from './access-snapshot.js';
import type { RoleScope } from './entities/role.entity.js';
import { effectiveMemberRoutes } from './litellm-member-routes.js';
import { SnapshotCache, type UserAccessRows } from './snapshot-cache.js';
import { SubjectDirectory } from './subject-directory.js';
import { narrowsPlatformReach } from './token-team-claims.js';

interface AssignmentRow {
  id: string;
  role_id: string;
  role_name: string;
  scope: RoleScope;
  scope_id: string | null;
  expires_at: Date | null;
  permissions: string[] | null;
}

/** Roles may inherit from one parent; chains deeper than this are refused when roles are written. */
export const MAX_ROLE_DEPTH = 16;

/**
 * The one narrow interface through which the engine reads a caller's memberships, assignments and organization
 * roles: three queries per principal, run together (a fourth, for their organizations' teams, for organization
 * members only), or none when they are cached.
 *
 * Two caches, one trusted at a time:
 * - while the change feed is healthy, `snapshots`: per user, tagged with the user, their teams and their
 *   organizations, and dropped entry by entry as the database announces changes to those (a role change drops all);
 * - while it is not, the epoch cache (SnapshotCache): entries served only under the access epoch the request read
 *   with its credentials, which any change to these rows moves.
 */
@Injectable()
export class AccessSnapshotLoader {
  private readonly cache = new SnapshotCache();
  private readonly snapshots: TaggedCache<UserAccessRows>;

  /** Platform policy every snapshot carries (the engine reads no config of its own). */
  private readonly usersMayCreateTeams: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: SubjectDirectory,
    private readonly feed: ChangeFeed,
    registry: CacheRegistry,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'teams' | 'cache'>,
  ) {
    this.usersMayCreateTeams = config.teams.allowTeamCreation;
    this.snapshots = registry.register(new TaggedCache<UserAccessRows>('access_snapshots', cacheBudget(config.cache.maxEntries).snapshots));
    feed.subscribe((event) => this.apply(event));
  }

  /** Which users' snapshots a change reaches. */
  private apply(event: ChangeEvent): void {
    if (event.kind === 'flush') {
      this.snapshots.clear();
      return;
    }
    switch (event.table) {
      case 'users':
        this.snapshots.delete(event.id);
        break;
      case 'team_members':
      case 'role_assignments':
      case 'organization_members':
        // ref: the user the row belongs to (a missing one cannot be targeted: everything goes).
        if (event.ref) this.snapshots.delete(event.ref);
        else this.snapshots.clear();
        break;
      case 'teams':
        // Its members (their memberships carry its flags) and, through ref, the members of its organization.
        this.snapshots.invalidateTag(`team:${event.id}`);
        if (event.ref) this.snapshots.invalidateTag(`org:${event.ref}`);
        break;
      case 'organizations':
        this.snapshots.invalidateTag(`org:${event.id}`);
        break;
      case 'roles':
        // Rare, and reaches every holder of the role and of roles inheriting from it.
        this.snapshots.clear();
        break;
    }
  }

  async load(principal: Principal): Promise<AccessSnapshot> {
    const user = principal.user;
    if (principal.kind === 'master_key' || !user) {
      return {
        userId: null,
        callerId: principal.kind === 'master_key' ? 'default_user_id' : null,
        isPlatformAdmin: principal.kind === 'master_key',
        personalTeamId: null,
        memberships: new Map(),
        assignments: [],
        tokenTeams: principal.tokenTeams,
        narrowedToken: false,
        ...credentialFacts(principal),
        readOnlyRole: false,
        organizations: new Map(),
        organizationTeams: new Map(),
        usersMayCreateTeams: this.usersMayCreateTeams,
      };
    }
    const { memberships, assignments, organizations, organizationTeams } = await this.accessRows(user.id, principal.accessEpoch);
    const narrowedToken = narrowsPlatformReach(principal.kind, principal.tokenTeams);
    return {
      userId: user.id,
      callerId: user.userId,
      isPlatformAdmin: (user.isAdmin || user.userRole === 'proxy_admin') && !narrowedToken,
      personalTeamId: [...memberships.values()].find((m) => m.isPersonal)?.teamId ?? null,
      memberships,
      assignments,
      tokenTeams: principal.tokenTeams,
      narrowedToken,
      ...credentialFacts(principal),
      readOnlyRole: user.userRole === 'proxy_admin_viewer' || user.userRole === 'internal_user_viewer',
      organizations,
      organizationTeams,
      usersMayCreateTeams: this.usersMayCreateTeams,
    };
  }

  /**
   * From the feed-kept cache while the feed is healthy; else from the epoch cache when the request's epoch says
   * nothing changed since they were loaded; else from the database.
   */
  private async accessRows(userId: string, epoch: string | null): Promise<UserAccessRows> {
    if (this.feed.healthy) {
      const cached = this.snapshots.get(userId);
      if (cached) return cached;
    } else {
      const cached = epoch === null ? undefined : this.cache.get(userId, epoch);
      if (cached) return cached;
    }
    const ticket = this.feed.ticket();
    const [memberships, assignments, organizations] = await Promise.all([
      this.memberships(userId),
      this.assignments(userId),
      this.organizations(userId),
    ]);
    // Only organization members pay for their organizations' teams: one more statement, cached like the rest.
    const organizationTeams =
      organizations.size === 0
        ? new Map<string, string>()
        : new Map(
            (await this.directory.teams.teamsOfOrganizations([...organizations.keys()])).map((t) => [t.teamId, t.organizationId] as const),
          );
    const rows = { memberships, assignments, organizations, organizationTeams };
    if (this.feed.valid(ticket)) {
      this.snapshots.set(userId, rows, [
        ...[...memberships.keys()].map((teamId) => `team:${teamId}`),
        ...[...organizations.keys()].map((organizationId) => `org:${organizationId}`),
      ]);
    }
    if (epoch !== null) this.cache.set(userId, epoch, rows);
    return rows;
  }

  private async organizations(userId: string): Promise<Map<string, OrganizationRole>> {
    const rows = await this.directory.organizations.membershipsOf(userId);
    return new Map(rows.map((row) => [row.organizationId, row.role]));
  }

  private async memberships(userId: string): Promise<Map<string, MembershipGrant>> {
    // The teams module's reader: the same single statement over its tables, not an extra round trip.
    const rows = await this.directory.teams.activeMemberships(userId);
    return new Map(
      rows.map((row) => [
        row.teamId,
        { teamId: row.teamId, role: row.role, isPersonal: row.isPersonal, memberRoutes: effectiveMemberRoutes(row.memberPermissions) },
      ]),
    );
  }

  private async assignments(userId: string): Promise<AssignmentGrant[]> {
    const rows: AssignmentRow[] = await this.dataSource.query(
      `WITH RECURSIVE lineage(assignment_id, role_id, depth) AS (
         SELECT a.id, a.role_id, 0 FROM role_assignments a WHERE a.user_id = $1 AND a.is_active
         UNION ALL
         SELECT l.assignment_id, r.inherits_from, l.depth + 1
           FROM lineage l JOIN roles r ON r.id = l.role_id
          WHERE r.inherits_from IS NOT NULL AND l.depth < ${MAX_ROLE_DEPTH}
       )
       SELECT a.id, a.role_id, base.name AS role_name, a.scope, a.scope_id, a.expires_at,
              (SELECT jsonb_agg(DISTINCT p)
                 FROM lineage l JOIN roles r ON r.id = l.role_id AND r.is_active,
                      jsonb_array_elements_text(r.permissions) AS p
                WHERE l.assignment_id = a.id) AS permissions
         FROM role_assignments a JOIN roles base ON base.id = a.role_id
        WHERE a.user_id = $1 AND a.is_active AND base.is_active`,
      [userId],
    );
    return rows.map((row) => ({
      assignmentId: row.id,
      roleId: row.role_id,
      roleName: row.role_name,
      scope: row.scope,
      scopeId: row.scope_id,
      expiresAt: row.expires_at,
      permissions: new Set(row.permissions ?? []),
    }));
  }
}

/**
 * What the engine knows of the stored credential the request came with. A virtual key is a key (its own-key read,
 * team key, key_type, allowed_routes); an API token is none of that: it acts as its user, narrowed by its scope
 * (and, through `tokenTeams`, by its team).
 */
function credentialFacts(principal: Principal): Pick<AccessSnapshot, 'keyId' | 'keyTeamId' | 'keyType' | 'keyAllowedRoutes' | 'apiToken'> {
  const key = principal.key;
  if (key?.kind === 'api_token') {
    return {
      keyId: null,
      keyTeamId: null,
      keyType: null,
      keyAllowedRoutes: [],
      apiToken: {
        serverId: key.serverId,
        permissions: key.permissions === null ? null : new Set(key.permissions),
        ipRestrictions: key.ipRestrictions,
        timeRestrictions: key.timeRestrictions,
      },
    };
  }
  return {
    keyId: key?.id ?? null,
    keyTeamId: key?.teamId ?? null,
    keyType: key?.keyType ?? null,
    keyAllowedRoutes: key?.allowedRoutes ?? [],
    apiToken: null,
  };
}
