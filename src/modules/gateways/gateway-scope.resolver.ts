import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CatalogAccessService } from '../catalog/catalog-access.service.js';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';

/** Tells the guard which team `/gateways/{id}` acts in; invisible gateways resolve to nothing (404). */
@Injectable()
export class GatewayScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly access: CatalogAccessService,
  ) {}

  onModuleInit(): void {
    this.registry.register('gateways', (request) => this.access.resolveScope('gateways', request));
  }
}
