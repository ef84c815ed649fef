import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CatalogAccessService } from '../catalog/catalog-access.service.js';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { GATEWAY_KIND } from './gateway-kind.js';

/** Tells the guard which team `/gateways/{id}` acts in; invisible gateways are the engine's NOT_VISIBLE (404). */
@Injectable()
export class GatewayScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly access: CatalogAccessService,
  ) {}

  onModuleInit(): void {
    this.registry.register('gateways', {
      label: 'Gateway',
      // The whole row: the handler answers from it instead of reading it again.
      resolve: (references) => this.access.resolve('gateways', references, GATEWAY_KIND.entity),
    });
  }
}
