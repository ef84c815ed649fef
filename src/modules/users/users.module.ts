import { forwardRef, Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { KeysModule } from '../keys/keys.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';
import { EmailAuthController } from './email-auth.controller.js';
import { EmailAuthService } from './email-auth.service.js';
import { LitellmUsersController } from './litellm-users.controller.js';
import { LitellmUsersService } from './litellm-users.service.js';
import { MembershipsService } from './memberships.service.js';
import { PlatformAdminBootstrap } from './platform-admin.bootstrap.js';
import { UserScopeResolver } from './user-scope.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [RbacModule, AuthModule, forwardRef(() => KeysModule)],
  controllers: [LitellmUsersController, EmailAuthController, AdminUsersController],
  providers: [
    UsersService,
    MembershipsService,
    LitellmUsersService,
    EmailAuthService,
    AdminUsersService,
    UserScopeResolver,
    PlatformAdminBootstrap,
  ],
  exports: [UsersService, MembershipsService],
})
export class UsersModule {}
