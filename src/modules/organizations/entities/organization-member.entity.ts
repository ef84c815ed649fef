import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../../users/entities/user.entity.js';
import { OrganizationEntity } from './organization.entity.js';

/** LiteLLM's organization roles. */
export const ORGANIZATION_ROLES = ['org_admin', 'internal_user', 'internal_user_viewer'] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

/** One user's role in one organization (the pair is the key: a user holds one role per organization). */
@Entity('organization_members')
@Check('ck_organization_members_role', "user_role IN ('org_admin','internal_user','internal_user_viewer')")
// The snapshot loader reads a user's organizations on every cache miss.
@Index('ix_organization_members_user', ['userId'])
export class OrganizationMemberEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'text', primaryKeyConstraintName: 'pk_organization_members' })
  organizationId: string;

  /** Schema only (the foreign key of `organization_id`): never loaded. */
  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_organization_members_organization' })
  organization?: Relation<OrganizationEntity>;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_organization_members' })
  userId: string;

  /** Schema only (the foreign key of `user_id`): never loaded. */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_organization_members_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'user_role', type: 'text' })
  role: OrganizationRole;

  @Column({ type: 'double precision', default: 0 })
  spend: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
