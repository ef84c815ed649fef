import { Column, Entity, JoinTable, ManyToMany, RelationId } from 'typeorm';
import { OwnedRow } from './owned-row.js';
import { PromptEntity } from './prompt.entity.js';
import { ResourceEntity } from './resource.entity.js';
import { ToolEntity } from './tool.entity.js';

/** A virtual MCP server: a named bundle of catalog tools, resources and prompts. */
@Entity('servers')
export class ServerEntity extends OwnedRow {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  icon: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  tags: string[];

  @ManyToMany(() => ToolEntity)
  @JoinTable({ name: 'server_tools', joinColumn: { name: 'server_id' }, inverseJoinColumn: { name: 'tool_id' } })
  tools: ToolEntity[];

  @RelationId((server: ServerEntity) => server.tools)
  toolIds: string[];

  @ManyToMany(() => ResourceEntity)
  @JoinTable({ name: 'server_resources', joinColumn: { name: 'server_id' }, inverseJoinColumn: { name: 'resource_id' } })
  resources: ResourceEntity[];

  @RelationId((server: ServerEntity) => server.resources)
  resourceIds: string[];

  @ManyToMany(() => PromptEntity)
  @JoinTable({ name: 'server_prompts', joinColumn: { name: 'server_id' }, inverseJoinColumn: { name: 'prompt_id' } })
  prompts: PromptEntity[];

  @RelationId((server: ServerEntity) => server.prompts)
  promptIds: string[];
}
