import type { RowKind } from './catalog-rows.service.js';
import { PromptEntity } from './entities/prompt.entity.js';
import { ResourceEntity } from './entities/resource.entity.js';
import { ServerEntity } from './entities/server.entity.js';
import { ToolEntity } from './entities/tool.entity.js';

export const TOOL_KIND: RowKind<ToolEntity> = {
  resource: 'tools',
  entity: ToolEntity,
  label: 'Tool',
  identity: (tool) => `name '${tool.name}'`,
  imported: true,
};

export const RESOURCE_KIND: RowKind<ResourceEntity> = {
  resource: 'resources',
  entity: ResourceEntity,
  label: 'Resource',
  identity: (resource) => `URI '${resource.uri}'`,
  imported: true,
};

export const PROMPT_KIND: RowKind<PromptEntity> = {
  resource: 'prompts',
  entity: PromptEntity,
  label: 'Prompt',
  identity: (prompt) => `name '${prompt.name}'`,
  imported: true,
};

export const SERVER_KIND: RowKind<ServerEntity> = {
  resource: 'servers',
  entity: ServerEntity,
  label: 'Server',
  identity: (server) => `name '${server.name}'`,
  imported: false,
};
