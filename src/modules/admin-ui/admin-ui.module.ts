import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { GatewaysModule } from '../gateways/gateways.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminAssetsController } from './admin-assets.controller.js';
import { AdminCatalogController } from './admin-catalog.controller.js';
import { AdminCatalogService } from './admin-catalog.service.js';
import { AdminGatewaysController } from './admin-gateways.controller.js';
import { AdminKeysController } from './admin-keys.controller.js';
import { AdminSessionController } from './admin-session.controller.js';
import { AdminShellController } from './admin-shell.controller.js';
import { AdminShellService } from './admin-shell.service.js';
import { AdminTeamsController } from './admin-teams.controller.js';
import { AdminUsersController } from './admin-users.controller.js';

/**
 * The admin UI at `/admin`: server-rendered pages over the same services, guard and engine as both APIs. It sits
 * above every feature module and owns no table.
 */
@Module({
  imports: [RbacModule, UsersModule, TeamsModule, KeysModule, CatalogModule, GatewaysModule],
  controllers: [
    AdminAssetsController,
    AdminSessionController,
    AdminShellController,
    AdminCatalogController,
    AdminGatewaysController,
    AdminTeamsController,
    AdminKeysController,
    AdminUsersController,
  ],
  providers: [AdminCatalogService, AdminShellService],
})
export class AdminUiModule {}
