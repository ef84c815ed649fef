import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { badRequest, DomainError, ErrorCode, notFound } from '../../common/errors/domain-error.js';
import type { ResourceScope } from '../rbac/resource-scope.registry.js';
import { RolesService } from '../rbac/roles.service.js';
import { canSee, type CatalogViewer, type VisibleFacts } from './catalog-viewer.js';
import { isUuid } from './cursor-page.js';
import type { Visibility } from './entities/owned-row.js';

/** The permission families of team-scoped rows; also the names of their resource scope resolvers. */
export type OwnedResource = 'gateways' | 'servers' | 'tools' | 'resources' | 'prompts';

interface ScopeRow {
  team_id: string | null;
  owner_email: string | null;
  visibility: Visibility;
  owner_user_id: string | null;
}

/**
 * The row-level rules shared by gateways and the catalog: who sees a row, where a new row lives, and who may
 * change one. The guard has already asked the engine about the route; this answers about the specific row.
 */
@Injectable()
export class CatalogAccessService {
  private readonly viewers = new WeakMap<Principal, Promise<CatalogViewer>>();

  constructor(
    private readonly roles: RolesService,
    private readonly dataSource: DataSource,
  ) {}

  viewer(principal: Principal): Promise<CatalogViewer> {
    let viewer = this.viewers.get(principal);
    if (!viewer) {
      viewer = this.loadViewer(principal);
      this.viewers.set(principal, viewer);
    }
    return viewer;
  }

  private async loadViewer(principal: Principal): Promise<CatalogViewer> {
    const snapshot = await this.roles.snapshot(principal);
    const narrowed = snapshot.tokenTeams;
    return {
      email: principal.user?.email ?? null,
      teamIds: [...snapshot.memberships.keys()].filter((teamId) => narrowed === null || narrowed.includes(teamId)),
      seesAllShared: await this.roles.readsEverything(principal),
      seesOwn: !(narrowed !== null && narrowed.length === 0),
    };
  }

  /**
   * Where a new row lives: the requested team (the guard has checked the create permission there), else the
   * caller's personal team. Only the master key has no personal team; its rows without a team must be public.
   */
  async home(principal: Principal, requestedTeamId: string | null | undefined, visibility: Visibility) {
    const ownerEmail = principal.user?.email ?? null;
    if (requestedTeamId) return { teamId: requestedTeamId, ownerEmail };
    const personalTeamId = await this.roles.personalTeamId(principal);
    if (personalTeamId) return { teamId: personalTeamId, ownerEmail };
    if (visibility !== 'public') throw badRequest('team_id is required for team or private visibility', 'team_id');
    return { teamId: null, ownerEmail };
  }

  /** 404 unless the caller may see the row. */
  async assertVisible(principal: Principal, row: VisibleFacts, label: string): Promise<void> {
    if (!canSee(await this.viewer(principal), row)) throw notFound(label);
  }

  /**
   * Update/delete/toggle: the owner, a platform admin, or a holder of `permission` in the row's team. Rows the
   * caller cannot see (other users' private rows included, for admins too) are a 404; the rest a 403.
   */
  async assertMayChange(principal: Principal, row: VisibleFacts, permission: string, label: string): Promise<void> {
    const viewer = await this.viewer(principal);
    if (!canSee(viewer, row)) throw notFound(label);
    if (viewer.email !== null && row.ownerEmail === viewer.email) return;
    if (await this.roles.isPlatformAdmin(principal)) return;
    const context = row.teamId ? ({ kind: 'team', teamId: row.teamId } as const) : ({ kind: 'global' } as const);
    if ((await this.roles.decide(principal, permission, context)).granted) return;
    throw new DomainError(ErrorCode.ACCESS_DENIED, 'Access denied');
  }

  /**
   * The guard's view of `/<resource>/:id`: the row's team, and its owner (who may read, update and delete it
   * without a role). Rows the caller cannot see resolve to nothing, so the service answers 404, never 403.
   */
  async resolveScope(resource: OwnedResource, request: FastifyRequest & { user?: Principal }): Promise<ResourceScope[]> {
    const id = (request.params as Record<string, unknown> | undefined)?.id;
    if (typeof id !== 'string' || !isUuid(id) || !request.user) return [];
    // `resource` is one of five fixed table names, never user input.
    const rows: ScopeRow[] = await this.dataSource.query(
      `SELECT x.team_id, x.owner_email, x.visibility, u.id AS owner_user_id
         FROM ${resource} x LEFT JOIN users u ON u.email = x.owner_email
        WHERE x.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return [];
    if (!canSee(await this.viewer(request.user), { teamId: row.team_id, ownerEmail: row.owner_email, visibility: row.visibility })) {
      return [];
    }
    return [
      {
        teamId: row.team_id,
        ownerUserId: row.owner_user_id,
        ownerPermissions: [`${resource}.read`, `${resource}.update`, `${resource}.delete`],
      },
    ];
  }
}
