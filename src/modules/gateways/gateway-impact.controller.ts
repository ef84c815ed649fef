import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { CatalogRowsService } from '../catalog/catalog-rows.service.js';
import { ServerItemsService } from '../catalog/server-items.service.js';
import { Authorized, type AuthorizedTarget } from '../rbac/authorized-target.js';
import { from, RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { GATEWAY_KIND } from './gateway-kind.js';

/** ContextForge `GET /gateways/{id}/impact-preview`: which virtual servers deleting the gateway would change. */
@ApiTags('ContextForge: gateways')
@Controller('gateways')
export class GatewayImpactController {
  constructor(
    private readonly rows: CatalogRowsService,
    private readonly serverItems: ServerItemsService,
  ) {}

  @Get(':id/impact-preview')
  @ApiOperation({ summary: 'The servers the caller can see that bundle something this gateway imported' })
  @RequirePermission('gateways.read', scopes.resource('gateways', from.path('id')))
  async impactPreview(@CurrentPrincipal() principal: Principal, @Authorized() target: AuthorizedTarget) {
    const gateway = await this.rows.get(GATEWAY_KIND, target);
    const servers = await this.serverItems.serversBundlingGateway(principal, gateway.id);
    // ContextForge's model serializes by alias (`gatewayId`); the snake_case name is our surface's.
    return { gateway_id: gateway.id, gatewayId: gateway.id, servers };
  }
}
