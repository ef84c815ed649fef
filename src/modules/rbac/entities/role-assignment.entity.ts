import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RoleScope } from './role.entity.js';

/** A role granted to a user in a scope; revoked assignments stay as history (`is_active = false`). */
@Entity('role_assignments')
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'role_id', type: 'uuid' })
  roleId: string;

  @Column({ type: 'text' })
  scope: RoleScope;

  /** The team for `team` scope, the personal team for `personal` scope, null for `global`. */
  @Column({ name: 'scope_id', type: 'text', nullable: true })
  scopeId: string | null;

  @Column({ name: 'granted_by', type: 'text', nullable: true })
  grantedBy: string | null;

  @Column({ name: 'granted_at', type: 'timestamptz', default: () => 'now()' })
  grantedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
