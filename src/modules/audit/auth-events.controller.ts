import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Authenticated } from '../../auth/route-decision.js';
import { RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { AuditService } from './audit.service.js';
import { AdminAuthEventsQuery } from './dto/admin-auth-events.query.js';
import { AuthEventsQuery } from './dto/auth-events.query.js';

/** ContextForge's auth event listings under `/auth/email` (the rest of that prefix is the users module's). */
@ApiTags('ContextForge: email auth')
@Controller('auth/email')
export class AuthEventsController {
  constructor(private readonly audit: AuditService) {}

  @Get('events')
  @ApiOperation({ summary: "The caller's own auth events (logins, failed logins against their account, password changes), newest first" })
  @Authenticated()
  mine(@CurrentPrincipal() principal: Principal, @Query() query: AuthEventsQuery) {
    // Only ever the caller's own account; the master key is not a user and has none.
    if (!principal.user) return [];
    return this.audit.authEvents({ userId: principal.user.id }, query.limit ?? 50, query.offset ?? 0);
  }

  @Get('admin/events')
  @ApiOperation({ summary: 'Auth events of every account, or of one (`user_email`), newest first' })
  @RequirePermission('admin.user_management', scopes.global())
  all(@Query() query: AdminAuthEventsQuery) {
    return this.audit.authEvents(query.user_email !== undefined ? { email: query.user_email } : {}, query.limit ?? 100, query.offset ?? 0);
  }
}
