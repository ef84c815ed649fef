import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { CatalogAccessService } from './catalog-access.service.js';

const LABELS = { servers: 'Server', tools: 'Tool', resources: 'Resource', prompts: 'Prompt' } as const;

/** Tells the guard which team `/servers|tools|resources|prompts/{id}` acts in (see CatalogAccessService). */
@Injectable()
export class CatalogScopeResolvers implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly access: CatalogAccessService,
  ) {}

  onModuleInit(): void {
    for (const resource of ['servers', 'tools', 'resources', 'prompts'] as const) {
      this.registry.register(resource, { label: LABELS[resource], resolve: (references) => this.access.resolve(resource, references) });
    }
  }
}
