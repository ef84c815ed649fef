import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { TeamEntity } from '../../teams/entities/team.entity.js';
import { UserEntity } from '../../users/entities/user.entity.js';
import { RoleEntity, type RoleScope } from './role.entity.js';

/** A role granted to a user in a scope; revoked assignments stay as history (`is_active = false`). */
@Entity('role_assignments')
@Check('ck_role_assignments_scope', "scope IN ('global','team','personal')")
@Check('ck_role_assignments_scope_id', "(scope = 'global') = (scope_id IS NULL)")
/*
 * The migration's index is `(user_id, role_id, scope, coalesce(scope_id, '')) WHERE is_active`: TypeORM index
 * metadata holds columns only, not expressions, so the schema builder is told to leave this one to the migrations
 * (it neither compares, drops nor creates it).
 */
@Index('uq_role_assignments_active', { synchronize: false })
@Index('ix_role_assignments_user', ['userId'], { where: 'is_active' })
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_role_assignments' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** Schema only (the foreign key of `user_id`): never loaded, read and write `userId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_role_assignments_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'role_id', type: 'uuid' })
  roleId: string;

  /** Schema only (the foreign key of `role_id`): never loaded, read and write `roleId`. */
  @ManyToOne(() => RoleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'fk_role_assignments_role' })
  role?: Relation<RoleEntity>;

  @Column({ type: 'text' })
  scope: RoleScope;

  /** The team for `team` scope, the personal team for `personal` scope, null for `global`. */
  @Column({ name: 'scope_id', type: 'text', nullable: true })
  scopeId: string | null;

  /** Schema only (the foreign key of `scope_id`, always a team): never loaded, read and write `scopeId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scope_id', foreignKeyConstraintName: 'fk_role_assignments_team' })
  scopeTeam?: Relation<TeamEntity> | null;

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
