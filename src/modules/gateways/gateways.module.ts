import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { GatewayCatalogSync } from './gateway-catalog.sync.js';
import { GatewayImpactController } from './gateway-impact.controller.js';
import { GatewayScopeResolver } from './gateway-scope.resolver.js';
import { GatewaysController } from './gateways.controller.js';
import { GatewaysService } from './gateways.service.js';
import { McpDiscoveryService } from './mcp-discovery.service.js';

/** MCP federation: upstream servers registered as gateways, their offerings imported into the catalog. */
@Module({
  imports: [RbacModule, CatalogModule],
  controllers: [GatewaysController, GatewayImpactController],
  providers: [GatewaysService, McpDiscoveryService, GatewayCatalogSync, GatewayScopeResolver],
  exports: [GatewaysService],
})
export class GatewaysModule {}
