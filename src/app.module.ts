import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { RequestShapeGuard } from './common/validation/request-shape.guard.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { MetricsModule } from './common/metrics/metrics.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ThrottlingModule } from './common/throttling/throttling.module.js';
import { AuthenticationGuard } from './auth/authentication.guard.js';
import { RequestOriginInterceptor } from './common/audit/request-origin.js';
import { MailModule } from './common/mail/mail.module.js';
import { ApiExceptionFilter } from './common/errors/api-exception.filter.js';
import { ShutdownDrain } from './common/http/shutdown-drain.js';
import { AppConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { AccessCacheModule } from './common/cache/access-cache.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { ForwardAuthModule } from './modules/forward-auth/forward-auth.module.js';
import { GatewaysModule } from './modules/gateways/gateways.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { MetricsApiModule } from './modules/metrics/metrics-api.module.js';
import { KeysModule } from './modules/keys/keys.module.js';
import { LitellmModule } from './modules/litellm/litellm.module.js';
import { SameOriginGuard } from './auth/same-origin.guard.js';
import { AdminUiModule } from './modules/admin-ui/admin-ui.module.js';
import { OrganizationsModule } from './modules/organizations/organizations.module.js';
import { PermissionsGuard } from './modules/rbac/permissions.guard.js';
import { RbacModule } from './modules/rbac/rbac.module.js';
import { TeamsModule } from './modules/teams/teams.module.js';
import { UsersModule } from './modules/users/users.module.js';

@Module({
  imports: [
    AppConfigModule,
    LoggingModule,
    DatabaseModule,
    AccessCacheModule,
    MetricsModule,
    MailModule,
    AuditModule,
    ThrottlingModule,
    AuthModule,
    RbacModule,
    UsersModule,
    KeysModule,
    TeamsModule,
    OrganizationsModule,
    LitellmModule,
    AdminUiModule,
    CatalogModule,
    GatewaysModule,
    HealthModule,
    MetricsApiModule,
    ForwardAuthModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
    // Order matters: who the caller is, then what they may do.
    { provide: APP_GUARD, useClass: SameOriginGuard },
    { provide: APP_GUARD, useExisting: AuthenticationGuard },
    // Repeated query parameters and flat/nested create bodies are normalized before anything reads them.
    { provide: APP_GUARD, useClass: RequestShapeGuard },
    { provide: APP_GUARD, useExisting: PermissionsGuard },
    // Handlers run inside their request's origin (ip, user agent, id), which audit events pick up.
    { provide: APP_INTERCEPTOR, useClass: RequestOriginInterceptor },
    ShutdownDrain,
  ],
})
export class AppModule {}
