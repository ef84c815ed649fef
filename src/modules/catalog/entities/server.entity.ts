import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  RelationId,
} from 'typeorm';
import { TeamEntity } from '../../teams/entities/team.entity.js';
import { UserEntity } from '../../users/entities/user.entity.js';
import { OwnedRow, TEAM_FOR_RESTRICTED_CHECK, VISIBILITY_CHECK } from './owned-row.js';
import { PromptEntity } from './prompt.entity.js';
import { ResourceEntity } from './resource.entity.js';
import { ToolEntity } from './tool.entity.js';

/** A virtual MCP server: a named bundle of catalog tools, resources and prompts. */
@Entity('servers')
@Check('ck_servers_visibility', VISIBILITY_CHECK)
@Check('ck_servers_team_for_restricted', TEAM_FOR_RESTRICTED_CHECK)
@Index('uq_servers_public_name', ['name'], { unique: true, where: "visibility = 'public'" })
@Index('uq_servers_team_name', ['teamId', 'name'], { unique: true, where: "visibility <> 'public'" })
@Index('ix_servers_team', ['teamId'])
@Index('ix_servers_owner', ['ownerUserId'])
export class ServerEntity extends OwnedRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_servers' })
  id: string;

  /** Schema only (the foreign key of `team_id`): never loaded, read and write `teamId`. */
  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_servers_team' })
  team?: Relation<TeamEntity> | null;

  /** Schema only (the foreign key of `owner_user_id`): never loaded, read and write `ownerUserId`. */
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_user_id', foreignKeyConstraintName: 'fk_servers_owner' })
  owner?: Relation<UserEntity> | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  icon: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  /*
   * The join tables are described for the schema builder by their own entities (server-items.entity.ts):
   * TypeORM gives a junction an index on each side with generated names, where the migration indexes only the item
   * side (the primary key serves the server side). `synchronize: false` keeps these junctions out of the comparison;
   * the relations still read and write the join tables exactly as before.
   */
  @ManyToMany(() => ToolEntity)
  @JoinTable({
    name: 'server_tools',
    joinColumn: { name: 'server_id', foreignKeyConstraintName: 'fk_server_tools_server' },
    inverseJoinColumn: { name: 'tool_id', foreignKeyConstraintName: 'fk_server_tools_tool' },
    synchronize: false,
  })
  tools: ToolEntity[];

  @RelationId((server: ServerEntity) => server.tools)
  toolIds: string[];

  @ManyToMany(() => ResourceEntity)
  @JoinTable({
    name: 'server_resources',
    joinColumn: { name: 'server_id', foreignKeyConstraintName: 'fk_server_resources_server' },
    inverseJoinColumn: { name: 'resource_id', foreignKeyConstraintName: 'fk_server_resources_resource' },
    synchronize: false,
  })
  resources: ResourceEntity[];

  @RelationId((server: ServerEntity) => server.resources)
  resourceIds: string[];

  @ManyToMany(() => PromptEntity)
  @JoinTable({
    name: 'server_prompts',
    joinColumn: { name: 'server_id', foreignKeyConstraintName: 'fk_server_prompts_server' },
    inverseJoinColumn: { name: 'prompt_id', foreignKeyConstraintName: 'fk_server_prompts_prompt' },
    synchronize: false,
  })
  prompts: PromptEntity[];

  @RelationId((server: ServerEntity) => server.prompts)
  promptIds: string[];
}
