import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GatewayEntity } from '../../gateways/entities/gateway.entity.js';
import { TeamEntity } from '../../teams/entities/team.entity.js';
import { UserEntity } from '../../users/entities/user.entity.js';
import { OwnedRow, TEAM_FOR_RESTRICTED_CHECK, VISIBILITY_CHECK } from './owned-row.js';

export interface PromptArgument {
  name: string;
  description?: string | null;
  required?: boolean;
}

/** A prompt template; imported prompts are prefixed with their gateway's slug like tools. */
@Entity('prompts')
@Check('ck_prompts_visibility', VISIBILITY_CHECK)
@Check('ck_prompts_team_for_restricted', TEAM_FOR_RESTRICTED_CHECK)
@Index('uq_prompts_public_name', ['name'], { unique: true, where: "visibility = 'public'" })
@Index('uq_prompts_team_name', ['teamId', 'name'], { unique: true, where: "visibility <> 'public'" })
@Index('ix_prompts_team', ['teamId'])
@Index('ix_prompts_gateway', ['gatewayId'], { where: 'gateway_id IS NOT NULL' })
@Index('ix_prompts_owner', ['ownerUserId'])
export class PromptEntity extends OwnedRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_prompts' })
  id: string;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_prompts_team' })
  team?: Relation<TeamEntity> | null;

  /** Schema only (the foreign key of `owner_user_id`): never loaded, read and write `ownerUserId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id', foreignKeyConstraintName: 'fk_prompts_owner' })
  owner?: Relation<UserEntity> | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'original_name', type: 'text' })
  originalName: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', default: '' })
  template: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  arguments: PromptArgument[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'gateway_id', type: 'uuid', nullable: true })
  gatewayId: string | null;

  /** Schema only (the foreign key of `gateway_id`): never loaded, read and write `gatewayId`. */
  @ManyToOne(() => GatewayEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gateway_id', foreignKeyConstraintName: 'fk_prompts_gateway' })
  gateway?: Relation<GatewayEntity> | null;
}
