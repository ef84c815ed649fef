import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { GatewayEntity } from '../../gateways/entities/gateway.entity.js';
import { TeamEntity } from '../../teams/entities/team.entity.js';
import { UserEntity } from '../../users/entities/user.entity.js';
import { OwnedRow, TEAM_FOR_RESTRICTED_CHECK, VISIBILITY_CHECK } from './owned-row.js';

export const INTEGRATION_TYPES = ['REST', 'MCP'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** A tool: a REST endpoint someone registered, or an MCP tool imported from a gateway. */
@Entity('tools')
@Check('ck_tools_integration_type', "integration_type IN ('REST','MCP')")
@Check('ck_tools_visibility', VISIBILITY_CHECK)
@Check('ck_tools_team_for_restricted', TEAM_FOR_RESTRICTED_CHECK)
@Index('uq_tools_public_name', ['name'], { unique: true, where: "visibility = 'public'" })
@Index('uq_tools_team_name', ['teamId', 'name'], { unique: true, where: "visibility <> 'public'" })
@Index('ix_tools_team', ['teamId'])
@Index('ix_tools_gateway', ['gatewayId'], { where: 'gateway_id IS NOT NULL' })
@Index('ix_tools_owner', ['ownerUserId'])
export class ToolEntity extends OwnedRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_tools' })
  id: string;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_tools_team' })
  team?: Relation<TeamEntity> | null;

  /** Schema only (the foreign key of `owner_user_id`): never loaded, read and write `ownerUserId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id', foreignKeyConstraintName: 'fk_tools_owner' })
  owner?: Relation<UserEntity> | null;

  /** Unique in its scope; imported tools are prefixed with their gateway's slug. */
  @Column({ type: 'text' })
  name: string;

  /** The name the upstream MCP server uses (equal to `name` for local tools). */
  @Column({ name: 'original_name', type: 'text' })
  originalName: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ name: 'integration_type', type: 'text', default: 'REST' })
  integrationType: IntegrationType;

  @Column({ name: 'request_type', type: 'text', default: 'POST' })
  requestType: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  @Column({ name: 'input_schema', type: 'jsonb', default: { type: 'object', properties: {} } })
  inputSchema: Record<string, unknown>;

  @Column({ name: 'output_schema', type: 'jsonb', nullable: true })
  outputSchema: Record<string, unknown> | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  annotations: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @Column({ name: 'gateway_id', type: 'uuid', nullable: true })
  gatewayId: string | null;

  /** Schema only (the foreign key of `gateway_id`): never loaded, read and write `gatewayId`. */
  @ManyToOne(() => GatewayEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gateway_id', foreignKeyConstraintName: 'fk_tools_gateway' })
  gateway?: Relation<GatewayEntity> | null;
}
