import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One audit log entry (see migration 1764001600000-audit-events). Never leaves the audit service unmapped. */
@Entity('audit_events')
@Check('ck_audit_events_outcome', "outcome IN ('success','failure','denied')")
@Index('ix_audit_events_occurred_at', ['occurredAt'])
@Index('ix_audit_events_target', ['targetType', 'targetId'])
@Index('ix_audit_events_actor_user', ['actorUserId'])
export class AuditEventEntity {
  /** bigint: the driver hands it over as a string. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'pk_audit_events' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  @Column({ type: 'text' })
  outcome: string;

  @Column({ name: 'actor_kind', type: 'text' })
  actorKind: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'actor_email', type: 'text', nullable: true })
  actorEmail: string | null;

  @Column({ name: 'actor_key_id', type: 'uuid', nullable: true })
  actorKeyId: string | null;

  @Column({ name: 'target_type', type: 'text', nullable: true })
  targetType: string | null;

  @Column({ name: 'target_id', type: 'text', nullable: true })
  targetId: string | null;

  @Column({ name: 'target_name', type: 'text', nullable: true })
  targetName: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'ip_address', type: 'text', nullable: true })
  ipAddress: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;
}
