import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GatewayEntity } from '../../gateways/entities/gateway.entity.js';
import { TeamEntity } from '../../teams/entities/team.entity.js';
import { UserEntity } from '../../users/entities/user.entity.js';
import { OwnedRow, TEAM_FOR_RESTRICTED_CHECK, VISIBILITY_CHECK } from './owned-row.js';

/** An MCP resource, identified by its URI; text content for local ones, upstream-served for imported ones. */
@Entity('resources')
@Check('ck_resources_visibility', VISIBILITY_CHECK)
@Check('ck_resources_team_for_restricted', TEAM_FOR_RESTRICTED_CHECK)
// Two gateways may well expose the same URI, so imported rows are unique per gateway instead.
@Index('uq_resources_public_uri', ['uri'], { unique: true, where: "visibility = 'public' AND gateway_id IS NULL" })
@Index('uq_resources_team_uri', ['teamId', 'uri'], { unique: true, where: "visibility <> 'public' AND gateway_id IS NULL" })
@Index('uq_resources_gateway_uri', ['gatewayId', 'uri'], { unique: true, where: 'gateway_id IS NOT NULL' })
@Index('ix_resources_team', ['teamId'])
@Index('ix_resources_owner', ['ownerUserId'])
export class ResourceEntity extends OwnedRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_resources' })
  id: string;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_resources_team' })
  team?: Relation<TeamEntity> | null;

  /** Schema only (the foreign key of `owner_user_id`): never loaded, read and write `ownerUserId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id', foreignKeyConstraintName: 'fk_resources_owner' })
  owner?: Relation<UserEntity> | null;

  @Column({ type: 'text' })
  uri: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ name: 'mime_type', type: 'text', nullable: true })
  mimeType: string | null;

  @Column({ type: 'text', nullable: true })
  content: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'gateway_id', type: 'uuid', nullable: true })
  gatewayId: string | null;

  /** Schema only (the foreign key of `gateway_id`): never loaded, read and write `gatewayId`. */
  @ManyToOne(() => GatewayEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gateway_id', foreignKeyConstraintName: 'fk_resources_gateway' })
  gateway?: Relation<GatewayEntity> | null;
}
