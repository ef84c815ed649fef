import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export const ROLE_SCOPES = ['global', 'team', 'personal'] as const;
export type RoleScope = (typeof ROLE_SCOPES)[number];

@Entity('roles')
@Unique('uq_roles_name', ['name'])
@Check('ck_roles_scope', "scope IN ('global','team','personal')")
export class RoleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_roles' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  scope: RoleScope;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  permissions: string[];

  @Column({ name: 'inherits_from', type: 'uuid', nullable: true })
  inheritsFrom: string | null;

  /** Schema only (the foreign key of `inherits_from`): never loaded, read and write `inheritsFrom`. */
  @ManyToOne(() => RoleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inherits_from', foreignKeyConstraintName: 'fk_roles_inherits_from' })
  parentRole?: Relation<RoleEntity> | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @Column({ name: 'is_system_role', type: 'boolean', default: false })
  isSystemRole: boolean;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
