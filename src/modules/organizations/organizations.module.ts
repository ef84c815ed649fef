import { Module } from '@nestjs/common';
import { RbacModule } from '../rbac/rbac.module.js';
import { UsersModule } from '../users/users.module.js';
import { LitellmOrganizationsController } from './litellm-organizations.controller.js';
import { OrganizationScopeResolver } from './organization-scope.resolver.js';
import { OrganizationsService } from './organizations.service.js';
import { RbacOrganizationDirectoryProvider } from './rbac-organization-directory.js';

/**
 * LiteLLM organizations (organization → teams → keys). It sits above rbac and users; teams know their organization
 * only by id (`teams.organization_id`), and the engine reads organization roles through SubjectDirectory.
 */
@Module({
  imports: [RbacModule, UsersModule],
  controllers: [LitellmOrganizationsController],
  providers: [OrganizationsService, OrganizationScopeResolver, RbacOrganizationDirectoryProvider],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
