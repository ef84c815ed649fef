import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ORGANIZATION_RESOLVER, ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { OrganizationsService } from './organizations.service.js';

/**
 * Organization-scoped routes act on an organization: the guard asks this for it, and the engine decides in the
 * organization (its roles, and global grants). Unknown organizations resolve to nothing: the handler answers 404.
 */
@Injectable()
export class OrganizationScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly organizations: OrganizationsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(ORGANIZATION_RESOLVER, {
      label: 'Organization',
      resolve: async (references) => {
        const id = references.organization_id;
        const organization = typeof id === 'string' ? await this.organizations.findById(id) : null;
        return organization ? [{ id: organization.id, teamId: null, organizationId: organization.id }] : [];
      },
    });
  }
}
