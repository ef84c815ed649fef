import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccessSnapshotLoader } from './access-snapshot.loader.js';
import { PermissionsGuard } from './permissions.guard.js';
import { ResourceScopeRegistry } from './resource-scope.registry.js';
import { RoleAssignmentsService } from './role-assignments.service.js';
import { RolesService } from './roles.service.js';
import { RouteDecisionAudit } from './route-decision.audit.js';
import { SystemRolesSync } from './system-roles.sync.js';

/** WHAT a caller may do: the permission engine, its guard, and the role data behind it. */
@Module({
  imports: [DiscoveryModule],
  providers: [
    AccessSnapshotLoader,
    RolesService,
    RoleAssignmentsService,
    ResourceScopeRegistry,
    PermissionsGuard,
    RouteDecisionAudit,
    SystemRolesSync,
  ],
  exports: [RolesService, RoleAssignmentsService, ResourceScopeRegistry, PermissionsGuard, RouteDecisionAudit],
})
export class RbacModule {}
