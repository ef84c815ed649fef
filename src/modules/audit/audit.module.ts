import { Global, Module } from '@nestjs/common';
import { AUDIT_RECORDER } from '../../common/audit/audit-recorder.js';
import { AuditTrailsController } from './audit-trails.controller.js';
import { AuditService } from './audit.service.js';
import { AuthEventsController } from './auth-events.controller.js';

/**
 * The audit log. Global so that rbac, users and keys (which sit below it: its routes use rbac's decorators) can
 * inject `AUDIT_RECORDER` from `src/common/audit` without importing this module.
 */
@Global()
@Module({
  controllers: [AuthEventsController, AuditTrailsController],
  providers: [AuditService, { provide: AUDIT_RECORDER, useExisting: AuditService }],
  exports: [AUDIT_RECORDER, AuditService],
})
export class AuditModule {}
