import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { ACCOUNT_LIMIT_EXEMPTION } from '../../common/throttling/abuse-limit.guard.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';
import { EmailAuthController } from './email-auth.controller.js';
import { EmailAuthService } from './email-auth.service.js';
import { LoginBackoffService } from './login-backoff.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { PersonalTeamsRegistry } from './personal-teams.registry.js';
import { PlatformAdminBootstrap } from './platform-admin.bootstrap.js';
import { RbacUserDirectoryProvider } from './rbac-user-directory.js';
import { UserScopeResolver } from './user-scope.resolver.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [RbacModule, AuthModule],
  controllers: [EmailAuthController, AdminUsersController],
  providers: [
    UsersService,
    PersonalTeamsRegistry,
    EmailAuthService,
    LoginBackoffService,
    // The login route's per-account limit skips addresses that have not failed for the account.
    { provide: ACCOUNT_LIMIT_EXEMPTION, useExisting: LoginBackoffService },
    PasswordResetService,
    AdminUsersService,
    UserScopeResolver,
    PlatformAdminBootstrap,
    RbacUserDirectoryProvider,
  ],
  // PersonalTeamsRegistry: the teams module makes every user's personal team (users cannot import teams).
  exports: [UsersService, PersonalTeamsRegistry, EmailAuthService, AdminUsersService, ACCOUNT_LIMIT_EXEMPTION],
})
export class UsersModule {}
