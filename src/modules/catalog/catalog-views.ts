import type { OwnedRow } from './entities/owned-row.js';
import type { PromptEntity } from './entities/prompt.entity.js';
import type { ResourceEntity } from './entities/resource.entity.js';
import type { ServerEntity } from './entities/server.entity.js';
import type { ToolEntity } from './entities/tool.entity.js';

/** What ContextForge shows instead of a secret. */
export const MASKED = '*****';

/** The ownership part of every read shape. */
export function ownershipView(row: OwnedRow) {
  return {
    team_id: row.teamId,
    owner_email: row.ownerEmail,
    visibility: row.visibility,
    enabled: row.enabled,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toToolView(tool: ToolEntity) {
  return {
    id: tool.id,
    name: tool.name,
    original_name: tool.originalName,
    description: tool.description,
    url: tool.url,
    integration_type: tool.integrationType,
    request_type: tool.requestType,
    // Header values often carry API keys: show which headers are sent, never their values.
    headers: Object.fromEntries(Object.keys(tool.headers ?? {}).map((name) => [name, MASKED])),
    input_schema: tool.inputSchema,
    output_schema: tool.outputSchema,
    annotations: tool.annotations,
    tags: tool.tags,
    gateway_id: tool.gatewayId,
    ...ownershipView(tool),
  };
}

export function toResourceView(resource: ResourceEntity) {
  return {
    id: resource.id,
    uri: resource.uri,
    name: resource.name,
    description: resource.description,
    mime_type: resource.mimeType,
    mimeType: resource.mimeType,
    content: resource.content,
    tags: resource.tags,
    gateway_id: resource.gatewayId,
    ...ownershipView(resource),
  };
}

export function toPromptView(prompt: PromptEntity) {
  return {
    id: prompt.id,
    name: prompt.name,
    original_name: prompt.originalName,
    description: prompt.description,
    template: prompt.template,
    arguments: prompt.arguments,
    tags: prompt.tags,
    gateway_id: prompt.gatewayId,
    ...ownershipView(prompt),
  };
}

export function toServerView(server: ServerEntity) {
  return {
    id: server.id,
    name: server.name,
    description: server.description,
    icon: server.icon,
    tags: server.tags,
    associated_tools: server.toolIds ?? [],
    associated_resources: server.resourceIds ?? [],
    associated_prompts: server.promptIds ?? [],
    ...ownershipView(server),
  };
}
