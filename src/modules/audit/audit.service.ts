import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { ANONYMOUS, AUTH_EVENT_TYPES, type AuditEventInput, type AuditRecorder } from '../../common/audit/audit-recorder.js';
import { currentActor, currentOrigin } from '../../common/audit/request-origin.js';
import { sanitizeDetails } from './audit-details.js';
import { REVIEW_EVENT_TYPES, toAuditTrail, toAuthEvent } from './audit-views.js';
import { AuditEventEntity } from './entities/audit-event.entity.js';

export interface AuditTrailFilters {
  actions?: string[];
  resourceTypes?: string[];
  /** The actor: an email, a user id or a key id. */
  userId?: string;
  requiresReview?: boolean;
  startTime?: Date;
  endTime?: Date;
  limit: number;
  offset: number;
}

/**
 * The audit log. Writing is fire and forget (`record` returns at once; a failed insert is logged, the request never
 * waits for it or fails with it); pending writes are awaited before the database closes. Reading maps rows to
 * ContextForge's auth event and audit trail shapes.
 */
@Injectable()
export class AuditService implements AuditRecorder, BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly pending = new Set<Promise<void>>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  record(event: AuditEventInput): void {
    try {
      const origin = event.origin ?? currentOrigin();
      const actor = event.actor ?? currentActor() ?? ANONYMOUS;
      const row: Partial<AuditEventEntity> = {
        eventType: event.type,
        outcome: event.outcome,
        actorKind: actor.kind,
        actorUserId: actor.userId,
        actorEmail: actor.email,
        actorKeyId: actor.keyId,
        targetType: event.target?.type ?? null,
        targetId: event.target?.id ?? null,
        targetName: event.target?.name ?? null,
        reason: event.reason ?? null,
        ipAddress: origin?.ip ?? null,
        userAgent: origin?.userAgent ?? null,
        requestId: origin?.requestId ?? null,
        details: sanitizeDetails(event.details),
      };
      const write: Promise<void> = this.dataSource
        .getRepository(AuditEventEntity)
        // `details` is plain JSON; TypeORM's deep-partial type cannot see that through Record<string, unknown>.
        .insert(row as QueryDeepPartialEntity<AuditEventEntity>)
        .then(
          () => undefined,
          (error: unknown) => this.logger.error(`Audit event ${event.type} not recorded: ${(error as Error).message}`),
        )
        .finally(() => this.pending.delete(write));
      this.pending.add(write);
    } catch (error) {
      this.logger.error(`Audit event ${event.type} not recorded: ${(error as Error).message}`);
    }
  }

  /** Resolves when every write started so far has finished (tests; shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** Auth events about one account (by user id), or, for admins, about every account or one email. */
  async authEvents(filter: { userId?: string; email?: string }, limit: number, offset: number) {
    const query = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('e')
      .where('e.eventType IN (:...types)', { types: AUTH_EVENT_TYPES });
    if (filter.userId !== undefined) query.andWhere(`e.targetType = 'user' AND e.targetId = :userId`, { userId: filter.userId });
    if (filter.email !== undefined)
      query.andWhere(`e.targetType = 'user' AND e.targetName = :email`, { email: filter.email.toLowerCase() });
    const rows = await query.orderBy('e.occurredAt', 'DESC').addOrderBy('e.id', 'DESC').limit(limit).offset(offset).getMany();
    return rows.map(toAuthEvent);
  }

  async auditTrails(filters: AuditTrailFilters) {
    const query = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (filters.actions?.length) query.andWhere('e.eventType IN (:...actions)', { actions: filters.actions });
    if (filters.resourceTypes?.length) query.andWhere('e.targetType IN (:...resourceTypes)', { resourceTypes: filters.resourceTypes });
    if (filters.userId !== undefined) {
      query.andWhere('(e.actorEmail = :actor OR CAST(e.actorUserId AS text) = :actor OR CAST(e.actorKeyId AS text) = :actor)', {
        actor: filters.userId.toLowerCase(),
      });
    }
    if (filters.requiresReview !== undefined) {
      const review = `(e.outcome = 'denied' OR e.eventType IN (:...reviewTypes))`;
      query.andWhere(filters.requiresReview ? review : `NOT ${review}`, { reviewTypes: REVIEW_EVENT_TYPES });
    }
    if (filters.startTime) query.andWhere('e.occurredAt >= :start', { start: filters.startTime });
    if (filters.endTime) query.andWhere('e.occurredAt <= :end', { end: filters.endTime });
    const rows = await query
      .orderBy('e.occurredAt', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(filters.limit)
      .offset(filters.offset)
      .getMany();
    return rows.map(toAuditTrail);
  }
}
