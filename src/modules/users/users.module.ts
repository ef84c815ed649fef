import { forwardRef, Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { LitellmUsersController } from './litellm-users.controller.js';
import { LitellmUsersService } from './litellm-users.service.js';
import { MembershipsService } from './memberships.service.js';
import { PlatformAdminBootstrap } from './platform-admin.bootstrap.js';
import { UserScopeResolver } from './user-scope.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [RbacModule, forwardRef(() => KeysModule)],
  controllers: [LitellmUsersController],
  providers: [UsersService, MembershipsService, LitellmUsersService, UserScopeResolver, PlatformAdminBootstrap],
  exports: [UsersService, MembershipsService],
})
export class UsersModule {}
