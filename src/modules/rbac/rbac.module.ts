import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccessSnapshotLoader } from './access-snapshot.loader.js';
import { PermissionChecksService } from './permission-checks.service.js';
import { PermissionsController } from './permissions.controller.js';
import { PermissionsGuard } from './permissions.guard.js';
import { ResourceScopeRegistry } from './resource-scope.registry.js';
import { RoleAssignmentsService } from './role-assignments.service.js';
import { RoleGrantsService } from './role-grants.service.js';
import { RolesAdminService } from './roles-admin.service.js';
import { RolesController } from './roles.controller.js';
import { RolesService } from './roles.service.js';
import { RouteDecisionAudit } from './route-decision.audit.js';
import { SubjectDirectory } from './subject-directory.js';
import { SystemRolesSync } from './system-roles.sync.js';
import { UserRolesController } from './user-roles.controller.js';

/** WHAT a caller may do: the permission engine, its guard, and the role data behind it. */
@Module({
  imports: [DiscoveryModule],
  controllers: [RolesController, UserRolesController, PermissionsController],
  providers: [
    AccessSnapshotLoader,
    RolesService,
    RoleAssignmentsService,
    ResourceScopeRegistry,
    PermissionsGuard,
    RouteDecisionAudit,
    SystemRolesSync,
    RolesAdminService,
    RoleGrantsService,
    PermissionChecksService,
    SubjectDirectory,
  ],
  // SubjectDirectory: users and teams register how the engine reads their rows (rbac imports neither).
  exports: [
    RolesService,
    RoleAssignmentsService,
    ResourceScopeRegistry,
    SubjectDirectory,
    PermissionsGuard,
    RouteDecisionAudit,
    RolesAdminService,
    RoleGrantsService,
  ],
})
export class RbacModule {}
