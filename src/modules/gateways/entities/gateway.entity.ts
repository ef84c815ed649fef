import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { OwnedRow, TEAM_FOR_RESTRICTED_CHECK, VISIBILITY_CHECK } from '../../catalog/entities/owned-row.js';
import { TeamEntity } from '../../teams/entities/team.entity.js';
import { UserEntity } from '../../users/entities/user.entity.js';

export const GATEWAY_TRANSPORTS = ['SSE', 'STREAMABLEHTTP'] as const;
export type GatewayTransport = (typeof GATEWAY_TRANSPORTS)[number];

export const GATEWAY_AUTH_TYPES = ['basic', 'bearer', 'authheaders'] as const;
export type GatewayAuthType = (typeof GATEWAY_AUTH_TYPES)[number];

/** An upstream MCP server whose tools, resources and prompts are federated into the catalog. */
@Entity('gateways')
@Check('ck_gateways_transport', "transport IN ('SSE','STREAMABLEHTTP')")
@Check('ck_gateways_auth_type', "auth_type IN ('basic','bearer','authheaders')")
@Check('ck_gateways_auth_secret', '(auth_type IS NULL) = (auth_secret IS NULL)')
@Check('ck_gateways_visibility', VISIBILITY_CHECK)
@Check('ck_gateways_team_for_restricted', TEAM_FOR_RESTRICTED_CHECK)
// Imported tools and prompts are prefixed with the gateway slug, so slugs are what must not collide.
@Index('uq_gateways_public_slug', ['slug'], { unique: true, where: "visibility = 'public'" })
@Index('uq_gateways_team_slug', ['teamId', 'slug'], { unique: true, where: "visibility <> 'public'" })
@Index('ix_gateways_team', ['teamId'])
@Index('ix_gateways_owner', ['ownerUserId'])
export class GatewayEntity extends OwnedRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_gateways' })
  id: string;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_gateways_team' })
  team?: Relation<TeamEntity> | null;

  /** Schema only (the foreign key of `owner_user_id`): never loaded, read and write `ownerUserId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id', foreignKeyConstraintName: 'fk_gateways_owner' })
  owner?: Relation<UserEntity> | null;

  @Column({ type: 'text' })
  name: string;

  /** Prefix of the imported tool and prompt names. */
  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', default: 'SSE' })
  transport: GatewayTransport;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  /** Null: no authentication towards the upstream server. */
  @Column({ name: 'auth_type', type: 'text', nullable: true })
  authType: GatewayAuthType | null;

  /** The headers to send upstream, AES-256-GCM encrypted; never leaves the service. */
  @Column({ name: 'auth_secret', type: 'text', nullable: true })
  authSecret: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  capabilities: Record<string, unknown>;

  /** The upstream's `serverInfo` from `initialize` (name, version). */
  @Column({ name: 'server_info', type: 'jsonb', nullable: true })
  serverInfo: Record<string, unknown> | null;

  @Column({ type: 'boolean', default: true })
  reachable: boolean;

  @Column({ name: 'last_seen', type: 'timestamptz', nullable: true })
  lastSeen: Date | null;
}
