import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { UsersModule } from '../users/users.module.js';
import { KeyScopeResolver } from './key-scope.resolver.js';
import { KeysV2Controller } from './keys-v2.controller.js';
import { KeysController } from './keys.controller.js';
import { KeysService } from './keys.service.js';
import { TokenScopeResolver } from './token-scope.resolver.js';
import { TokensController } from './tokens.controller.js';
import { TokensService } from './tokens.service.js';
import { UsageRecorder } from './usage-recorder.js';

@Module({
  imports: [AuthModule, RbacModule, UsersModule, TeamsModule],
  controllers: [KeysController, KeysV2Controller, TokensController],
  providers: [KeysService, KeyScopeResolver, TokensService, TokenScopeResolver, UsageRecorder],
  exports: [KeysService],
})
export class KeysModule {}
