import { Injectable } from '@nestjs/common';
import { DataSource, type EntityTarget } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { badRequest } from '../../common/errors/domain-error.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import type { ResolvedResource, ScopeReferences } from '../rbac/resource-scope.registry.js';
import { RolesService } from '../rbac/roles.service.js';
import type { CatalogViewer } from './catalog-viewer.js';
import { isUuid } from './cursor-page.js';
import type { OwnedRow, Visibility } from './entities/owned-row.js';
import type { DecisionContext } from '../rbac/access-snapshot.js';

/** The permission families of team-scoped rows; also the names of their resource scope resolvers. */
export type OwnedResource = 'gateways' | 'servers' | 'tools' | 'resources' | 'prompts';

interface ScopeRow {
  team_id: string | null;
  owner_user_id: string | null;
  visibility: Visibility;
}

/**
 * What gateways and the catalog need from the permission engine: the caller's view for listings, where a new row
 * lives, and the facts the guard decides a `/<resource>/:id` request on. Who may see or change a row is the
 * engine's rule (owner, team role, visibility); nothing here decides it.
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
      viewer = this.roles.catalogViewer(principal);
      this.viewers.set(principal, viewer);
    }
    return viewer;
  }

  /**
   * Where a new row lives: the team the guard authorized the create in (the requested team, else the caller's
   * personal team). Only the master key has no personal team; its rows without a team must be public.
   */
  home(principal: Principal, target: AuthorizedTarget, visibility: Visibility) {
    const owner = { ownerEmail: principal.user?.email ?? null, ownerUserId: principal.user?.id ?? null };
    if (target.teamId) return { teamId: target.teamId, ...owner };
    if (visibility !== 'public') throw badRequest('team_id is required for team or private visibility', 'team_id');
    return { teamId: null, ...owner };
  }

  /** Whether the engine lets the caller read this row (bundling items into a server needs no more than that). */
  mayRead(principal: Principal, resource: OwnedResource, row: OwnedRow): Promise<boolean> {
    return this.allows(principal, resource, 'read', row);
  }

  /** Whether the engine lets the caller do `action` to this row, decided exactly as the guard would. */
  async allows(principal: Principal, resource: OwnedResource, action: 'read' | 'update' | 'delete', row: OwnedRow): Promise<boolean> {
    const context: DecisionContext = row.teamId ? { kind: 'team', teamId: row.teamId } : { kind: 'global' };
    const facts = factsOf(resource, row.teamId, row.visibility, row.ownerUserId);
    return (await this.roles.decide(principal, `${resource}.${action}`, context, facts)).granted;
  }

  /**
   * The guard's view of `/<resource>/:id`: the row's team, visibility and owner (who may read, update and delete
   * it without a role while still in its team). Unknown ids resolve to nothing: the handler answers 404.
   */
  async resolve(resource: OwnedResource, references: ScopeReferences, entity?: EntityTarget<OwnedRow>): Promise<ResolvedResource[]> {
    const id = references.id;
    // A tool may also be named (forward auth: the tool an MCP `tools/call` names): every row of that name, public
    // or in some team, each decided on its own facts (a name is unique among public rows and within a team).
    if (id === undefined && resource === 'tools' && typeof references.name === 'string') return this.toolsNamed(references.name);
    if (typeof id !== 'string' || !isUuid(id)) return [];
    if (entity) {
      // The whole row, read once: the guard decides on its facts and the handler answers from it (`loaded`).
      const row = await this.dataSource.getRepository(entity).findOneBy({ id });
      return row ? [{ id, ...factsOf(resource, row.teamId, row.visibility, row.ownerUserId), loaded: row }] : [];
    }
    // `resource` is one of five fixed table names, never user input.
    const rows: ScopeRow[] = await this.dataSource.query(`SELECT team_id, owner_user_id, visibility FROM ${resource} WHERE id = $1`, [id]);
    return rows.map((row) => ({ id, ...factsOf(resource, row.team_id, row.visibility, row.owner_user_id) }));
  }

  private async toolsNamed(name: string): Promise<ResolvedResource[]> {
    const rows: (ScopeRow & { id: string })[] = await this.dataSource.query(
      `SELECT id, team_id, owner_user_id, visibility FROM tools WHERE name = $1 ORDER BY id`,
      [name],
    );
    return rows.map((row) => ({ id: row.id, ...factsOf('tools', row.team_id, row.visibility, row.owner_user_id) }));
  }
}

/** What the engine knows of a row: its team, who may see it, and its owner's standing rights. */
function factsOf(resource: OwnedResource, teamId: string | null, visibility: Visibility, ownerUserId: string | null) {
  return { teamId, visibility, ownerUserId, ownerPermissions: [`${resource}.read`, `${resource}.update`, `${resource}.delete`] };
}
