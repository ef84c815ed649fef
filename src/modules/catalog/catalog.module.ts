import { Module } from '@nestjs/common';
import { RbacModule } from '../rbac/rbac.module.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { CatalogImportsService } from './catalog-imports.service.js';
import { CatalogRowsService } from './catalog-rows.service.js';
import { CatalogScopeResolvers } from './catalog-scope.resolvers.js';
import { PromptsController } from './prompts.controller.js';
import { PromptsService } from './prompts.service.js';
import { ResourcesController } from './resources.controller.js';
import { ResourcesService } from './resources.service.js';
import { ServerItemsController } from './server-items.controller.js';
import { ServerItemsService } from './server-items.service.js';
import { ServersController } from './servers.controller.js';
import { ServersService } from './servers.service.js';
import { ToolsController } from './tools.controller.js';
import { ToolsService } from './tools.service.js';

/** The ContextForge catalog: servers, tools, resources and prompts, scoped to teams with row visibility. */
@Module({
  imports: [RbacModule],
  controllers: [ServersController, ServerItemsController, ToolsController, ResourcesController, PromptsController],
  providers: [
    CatalogAccessService,
    CatalogRowsService,
    CatalogImportsService,
    CatalogScopeResolvers,
    ServersService,
    ToolsService,
    ResourcesService,
    PromptsService,
    ServerItemsService,
  ],
  // Gateways reuse the row rules, and import rows through the catalog's own service; the admin UI creates rows.
  exports: [
    CatalogAccessService,
    CatalogRowsService,
    CatalogImportsService,
    ServersService,
    ToolsService,
    ResourcesService,
    PromptsService,
    ServerItemsService,
  ],
})
export class CatalogModule {}
