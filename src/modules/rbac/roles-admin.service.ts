import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { isUniqueViolation } from '../../common/database/pg-errors.js';
import { badRequest, conflict, forbidden, notFound } from '../../common/errors/domain-error.js';
import { MAX_ROLE_DEPTH } from './access-snapshot.loader.js';
import type { CreateRoleRequest } from './dto/create-role.request.js';
import type { RoleListQuery } from './dto/role-list.query.js';
import type { UpdateRoleRequest } from './dto/update-role.request.js';
import { RoleEntity } from './entities/role.entity.js';
import { isKnownPermission } from './permission.js';
import { type RoleView, toRoleView } from './rbac-views.js';
import { effectivePermissionsOf, inheritanceProblem, type LineageRole } from './role-lineage.js';
import { RolesService } from './roles.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Custom roles through the API (`/rbac/roles`). The rules:
 * - system roles are read-only here: update/delete answer **400** "System roles cannot be modified" (ContextForge
 *   answers 400 too; they are re-synced at every boot anyway);
 * - every permission must be in the catalogue (400); one parent, no cycle (400), at most MAX_ROLE_DEPTH links;
 * - no escalation: the caller must hold every effective permission (own ∪ inherited) of the role globally (403);
 * - a role still in use (active assignments, or roles inheriting from it) cannot be deleted (**409**); deactivate
 *   it with `PUT {is_active: false}` instead, which stops every assignment of it from granting at once. An unused
 *   role is deleted for good, together with its revoked-assignment history.
 */
@Injectable()
export class RolesAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: RolesService,
  ) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RoleEntity);
  }

  async list(query: RoleListQuery): Promise<RoleView[]> {
    const all = await this.repo().find({ order: { isSystemRole: 'DESC', name: 'ASC' } });
    const lineage = lineageOf(all);
    return all
      .filter((role) => query.active_only === false || role.isActive)
      .filter((role) => !query.scope || role.scope === query.scope)
      .map((role) => toRoleView(role, effectivePermissionsOf(role.id, lineage)));
  }

  async get(roleIdOrName: string): Promise<RoleView> {
    const all = await this.repo().find();
    const role = all.find((r) => (UUID.test(roleIdOrName) ? r.id === roleIdOrName : r.name === roleIdOrName));
    if (!role) throw notFound('Role');
    return toRoleView(role, effectivePermissionsOf(role.id, lineageOf(all)));
  }

  async create(principal: Principal, input: CreateRoleRequest): Promise<RoleView> {
    assertKnownPermissions(input.permissions);
    await this.roles.snapshot(principal);
    return this.dataSource.transaction(async (tx) => {
      const all = await this.lockedRoles(tx);
      if (all.some((r) => r.name === input.name)) throw conflict(`Role with name '${input.name}' already exists`, 'name');
      const lineage = lineageOf(all);
      const parentId = input.inherits_from ?? null;
      if (parentId) assertInheritance(null, parentId, lineage);
      const effective = new Set(input.permissions);
      if (parentId) for (const p of effectivePermissionsOf(parentId, lineage)) effective.add(p);
      await this.assertHoldsGlobally(principal, effective);
      let saved: RoleEntity;
      try {
        saved = await this.repo(tx).save(
          this.repo(tx).create({
            name: input.name,
            description: input.description ?? null,
            scope: input.scope,
            permissions: dedupe(input.permissions),
            inheritsFrom: parentId,
            createdBy: callerName(principal),
            isSystemRole: false,
            isActive: true,
          }),
        );
      } catch (error) {
        // The table lock makes this a formality; kept so a unique violation can never surface as a 500.
        if (isUniqueViolation(error)) throw conflict(`Role with name '${input.name}' already exists`, 'name');
        throw error;
      }
      return toRoleView(saved, [...effective].sort());
    });
  }

  async update(principal: Principal, roleId: string, input: UpdateRoleRequest): Promise<RoleView> {
    if (input.permissions) assertKnownPermissions(input.permissions);
    await this.roles.snapshot(principal);
    return this.dataSource.transaction(async (tx) => {
      const all = await this.lockedRoles(tx);
      const role = all.find((r) => r.id === roleId);
      if (!role) throw notFound('Role');
      if (role.isSystemRole) throw badRequest('System roles cannot be modified');
      if (input.name !== undefined && all.some((r) => r.name === input.name && r.id !== role.id)) {
        throw conflict(`Role with name '${input.name}' already exists`, 'name');
      }
      const lineage = lineageOf(all);
      const parentId = input.inherits_from === undefined ? role.inheritsFrom : input.inherits_from;
      if (parentId && parentId !== role.inheritsFrom) assertInheritance(role.id, parentId, lineage);
      const permissions = input.permissions ? dedupe(input.permissions) : role.permissions;
      const effective = new Set(permissions);
      if (parentId) for (const p of effectivePermissionsOf(parentId, lineage)) effective.add(p);
      // Whatever the role will grant after this change must be within what the caller holds, even if only the
      // name changes: editing a role is taking responsibility for all of it.
      await this.assertHoldsGlobally(principal, effective);
      if (input.name !== undefined) role.name = input.name;
      if (input.description !== undefined) role.description = input.description;
      role.permissions = permissions;
      role.inheritsFrom = parentId;
      if (input.is_active !== undefined) role.isActive = input.is_active;
      let saved: RoleEntity;
      try {
        saved = await this.repo(tx).save(role);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`Role with name '${input.name}' already exists`, 'name');
        throw error;
      }
      const after = lineageOf(all.map((r) => (r.id === saved.id ? saved : r)));
      return toRoleView(saved, effectivePermissionsOf(saved.id, after));
    });
  }

  async delete(roleId: string): Promise<{ message: string }> {
    return this.dataSource.transaction(async (tx) => {
      const all = await this.lockedRoles(tx);
      const role = all.find((r) => r.id === roleId);
      if (!role) throw notFound('Role');
      if (role.isSystemRole) throw badRequest('System roles cannot be modified');
      const heirs = all.filter((r) => r.inheritsFrom === role.id).map((r) => r.name);
      if (heirs.length > 0) throw conflict(`Role is inherited by: ${heirs.sort().join(', ')}`);
      const [{ count }]: { count: number }[] = await tx.query(
        `SELECT count(*)::int AS count FROM role_assignments WHERE role_id = $1 AND is_active`,
        [role.id],
      );
      if (count > 0) {
        throw conflict(`Role is assigned ${count} time(s); revoke those assignments or deactivate the role (is_active: false)`);
      }
      await tx.query(`DELETE FROM roles WHERE id = $1`, [role.id]);
      return { message: 'Role deleted successfully' };
    });
  }

  /**
   * All roles, with the table locked against concurrent role writes: cycle and depth checks look at the whole
   * inheritance graph, so two writers must not both pass them against the same old graph. Assignments and
   * reads are not blocked (SHARE ROW EXCLUSIVE conflicts only with writers).
   */
  private async lockedRoles(tx: EntityManager): Promise<RoleEntity[]> {
    await tx.query(`LOCK TABLE roles IN SHARE ROW EXCLUSIVE MODE`);
    return this.repo(tx).find();
  }

  /**
   * No escalation: a role may only bundle permissions its author holds platform-wide. The caller's snapshot is
   * loaded before the transaction opens (the embedded database has one connection, which the transaction holds).
   */
  private async assertHoldsGlobally(principal: Principal, permissions: Iterable<string>): Promise<void> {
    for (const permission of permissions) {
      const decision = await this.roles.decide(principal, permission, { kind: 'global' });
      if (!decision.granted) throw forbidden('Cannot create or change a role with permissions you do not hold');
    }
  }
}

export function lineageOf(roles: readonly RoleEntity[]): Map<string, LineageRole> {
  return new Map(roles.map((r) => [r.id, { id: r.id, permissions: r.permissions, inheritsFrom: r.inheritsFrom, isActive: r.isActive }]));
}

function assertKnownPermissions(permissions: readonly string[]): void {
  const unknown = permissions.filter((p) => !isKnownPermission(p));
  if (unknown.length > 0) throw badRequest(`Invalid permissions: ${[...new Set(unknown)].join(', ')}`, 'permissions');
}

function assertInheritance(roleId: string | null, parentId: string, lineage: Map<string, LineageRole>): void {
  const problem = inheritanceProblem(roleId, parentId, lineage);
  if (!problem) return;
  switch (problem.kind) {
    case 'missing_parent':
      throw badRequest(`Parent role ${parentId} not found`, 'inherits_from');
    case 'cycle':
      throw badRequest('Role inheritance would create a cycle', 'inherits_from');
    case 'too_deep':
      throw badRequest(`Role inheritance deeper than ${MAX_ROLE_DEPTH} levels`, 'inherits_from');
  }
}

function dedupe(permissions: readonly string[]): string[] {
  return [...new Set(permissions)];
}

/** How the API names who did something: the caller's email, else their user id, else the master key. */
export function callerName(principal: Principal): string {
  return principal.user?.email ?? principal.user?.userId ?? 'master_key';
}
