import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission, scopes } from '../rbac/require-permission.decorator.js';
import { AuditService } from './audit.service.js';
import { AuditTrailsQuery } from './dto/audit-trails.query.js';

/** ContextForge's `/api/logs/audit-trails`: the whole audit log, for platform auditors and admins. */
@ApiTags('ContextForge: logs')
@Controller('api/logs')
export class AuditTrailsController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit-trails')
  @ApiOperation({ summary: 'Audit log entries, newest first, filtered by action, resource type, actor, review flag and time' })
  @RequirePermission('audit:read', scopes.global())
  list(@Query() query: AuditTrailsQuery) {
    return this.audit.auditTrails({
      actions: query.action,
      resourceTypes: query.resource_type,
      userId: query.user_id,
      requiresReview: query.requires_review,
      startTime: query.start_time,
      endTime: query.end_time,
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
    });
  }
}
