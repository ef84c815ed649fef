import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { CatalogAccessService } from './catalog-access.service.js';

/** Tells the guard which team `/servers|tools|resources|prompts/{id}` acts in (see CatalogAccessService). */
@Injectable()
export class CatalogScopeResolvers implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly access: CatalogAccessService,
  ) {}

  onModuleInit(): void {
    for (const resource of ['servers', 'tools', 'resources', 'prompts'] as const) {
      this.registry.register(resource, (request) => this.access.resolveScope(resource, request));
    }
  }
}
