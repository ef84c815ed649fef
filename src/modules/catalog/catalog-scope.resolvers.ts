import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { PROMPT_KIND, RESOURCE_KIND, SERVER_KIND, TOOL_KIND } from './catalog-kinds.js';

const KINDS = { servers: SERVER_KIND, tools: TOOL_KIND, resources: RESOURCE_KIND, prompts: PROMPT_KIND } as const;

/**
 * Tells the guard which team `/servers|tools|resources|prompts/{id}` acts in (see CatalogAccessService), and hands
 * the row it read to the handler.
 */
@Injectable()
export class CatalogScopeResolvers implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly access: CatalogAccessService,
  ) {}

  onModuleInit(): void {
    for (const resource of ['servers', 'tools', 'resources', 'prompts'] as const) {
      const kind = KINDS[resource];
      this.registry.register(resource, {
        label: kind.label,
        resolve: (references) => this.access.resolve(resource, references, kind.entity),
      });
    }
  }
}
