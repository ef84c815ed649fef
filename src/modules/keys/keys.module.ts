import { forwardRef, Module } from '@nestjs/common';
import { RbacModule } from '../rbac/rbac.module.js';
import { UsersModule } from '../users/users.module.js';
import { KeyScopeResolver } from './key-scope.resolver.js';
import { KeysController } from './keys.controller.js';
import { KeysService } from './keys.service.js';

@Module({
  // Users and keys need each other: keys name owners, and /user/new issues a first key.
  imports: [RbacModule, forwardRef(() => UsersModule)],
  controllers: [KeysController],
  providers: [KeysService, KeyScopeResolver],
  exports: [KeysService],
})
export class KeysModule {}
