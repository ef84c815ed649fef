import { Module } from '@nestjs/common';
import { RbacModule } from '../rbac/rbac.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { UsersModule } from '../users/users.module.js';
import { KeyScopeResolver } from './key-scope.resolver.js';
import { KeysV2Controller } from './keys-v2.controller.js';
import { KeysController } from './keys.controller.js';
import { KeysService } from './keys.service.js';

@Module({
  imports: [RbacModule, UsersModule, TeamsModule],
  controllers: [KeysController, KeysV2Controller],
  providers: [KeysService, KeyScopeResolver],
  exports: [KeysService],
})
export class KeysModule {}
