import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { PromptEntity } from './prompt.entity.js';
import { ResourceEntity } from './resource.entity.js';
import { ServerEntity } from './server.entity.js';
import { ToolEntity } from './tool.entity.js';

/*
 * The join tables behind ServerEntity's tools, resources and prompts, as the migration creates them. These entities
 * exist for the schema builder only (the ManyToMany relations of ServerEntity read and write the rows, and their
 * junctions are marked `synchronize: false`): a composite primary key, a named foreign key on each side, cascading on
 * delete, and an index on the item side only, since the primary key already serves lookups by server.
 */

@Entity('server_tools')
@Index('ix_server_tools_tool', ['toolId'])
export class ServerToolEntity {
  @PrimaryColumn({ name: 'server_id', type: 'uuid', primaryKeyConstraintName: 'pk_server_tools' })
  serverId: string;

  @PrimaryColumn({ name: 'tool_id', type: 'uuid', primaryKeyConstraintName: 'pk_server_tools' })
  toolId: string;

  @ManyToOne(() => ServerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'server_id', foreignKeyConstraintName: 'fk_server_tools_server' })
  server?: Relation<ServerEntity>;

  @ManyToOne(() => ToolEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tool_id', foreignKeyConstraintName: 'fk_server_tools_tool' })
  tool?: Relation<ToolEntity>;
}

@Entity('server_resources')
@Index('ix_server_resources_resource', ['resourceId'])
export class ServerResourceEntity {
  @PrimaryColumn({ name: 'server_id', type: 'uuid', primaryKeyConstraintName: 'pk_server_resources' })
  serverId: string;

  @PrimaryColumn({ name: 'resource_id', type: 'uuid', primaryKeyConstraintName: 'pk_server_resources' })
  resourceId: string;

  @ManyToOne(() => ServerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'server_id', foreignKeyConstraintName: 'fk_server_resources_server' })
  server?: Relation<ServerEntity>;

  @ManyToOne(() => ResourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'resource_id', foreignKeyConstraintName: 'fk_server_resources_resource' })
  resource?: Relation<ResourceEntity>;
}

@Entity('server_prompts')
@Index('ix_server_prompts_prompt', ['promptId'])
export class ServerPromptEntity {
  @PrimaryColumn({ name: 'server_id', type: 'uuid', primaryKeyConstraintName: 'pk_server_prompts' })
  serverId: string;

  @PrimaryColumn({ name: 'prompt_id', type: 'uuid', primaryKeyConstraintName: 'pk_server_prompts' })
  promptId: string;

  @ManyToOne(() => ServerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'server_id', foreignKeyConstraintName: 'fk_server_prompts_server' })
  server?: Relation<ServerEntity>;

  @ManyToOne(() => PromptEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'prompt_id', foreignKeyConstraintName: 'fk_server_prompts_prompt' })
  prompt?: Relation<PromptEntity>;
}
