import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PROMPT_KIND, RESOURCE_KIND, TOOL_KIND } from '../catalog/catalog-kinds.js';
import { CatalogImportsService, type SyncCounts } from '../catalog/catalog-imports.service.js';
import { EMPTY_INPUT_SCHEMA } from '../catalog/tools.service.js';
import type { GatewayEntity } from './entities/gateway.entity.js';
import type { Discovery } from './mcp-discovery.service.js';

export interface CatalogSyncResult {
  tools: SyncCounts;
  resources: SyncCounts;
  prompts: SyncCounts;
}

/** Imported names carry the gateway's slug, so two servers may both offer an `echo` tool. */
export const importedName = (gateway: GatewayEntity, upstreamName: string): string => `${gateway.slug}-${upstreamName}`;

/**
 * Mirrors what an MCP server offers into the catalog, inside the caller's transaction: new items are added,
 * known ones (matched by upstream name or URI) updated, vanished ones removed. Imported rows always take the
 * gateway's team, owner, visibility and on/off state. The catalog writes its own tables (CatalogImportsService);
 * this says what an upstream item looks like as a row.
 */
@Injectable()
export class GatewayCatalogSync {
  constructor(private readonly imports: CatalogImportsService) {}

  async sync(tx: EntityManager, gateway: GatewayEntity, discovery: Discovery): Promise<CatalogSyncResult> {
    return this.syncSelected(tx, gateway, discovery, { resources: true, prompts: true });
  }

  /**
   * Tools always; resources and prompts when asked (ContextForge's `/tools/refresh` leaves them alone by default).
   * What is not asked for is kept as it is and counted as unchanged.
   */
  async syncSelected(
    tx: EntityManager,
    gateway: GatewayEntity,
    discovery: Discovery,
    include: { resources: boolean; prompts: boolean },
  ): Promise<CatalogSyncResult> {
    const unchanged = (): SyncCounts => ({ added: 0, updated: 0, removed: 0 });
    const tools = await this.syncTools(tx, gateway, discovery);
    const resources = include.resources ? await this.syncResources(tx, gateway, discovery) : unchanged();
    const prompts = include.prompts ? await this.syncPrompts(tx, gateway, discovery) : unchanged();
    return { tools, resources, prompts };
  }

  private syncTools(tx: EntityManager, gateway: GatewayEntity, discovery: Discovery): Promise<SyncCounts> {
    return this.imports.mirror(tx, TOOL_KIND, gateway, discovery.tools, {
      keyOf: (tool) => tool.name,
      existingKey: (row) => row.originalName,
      apply: (row, tool) => {
        row.name = importedName(gateway, tool.name);
        row.originalName = tool.name;
        row.description = tool.description ?? null;
        row.url = gateway.url;
        row.integrationType = 'MCP';
        row.requestType = gateway.transport;
        row.headers ??= {};
        row.inputSchema = (tool.inputSchema as Record<string, unknown> | undefined) ?? EMPTY_INPUT_SCHEMA;
        row.outputSchema = (tool.outputSchema as Record<string, unknown> | undefined) ?? null;
        row.annotations = (tool.annotations as Record<string, unknown> | undefined) ?? {};
        row.tags ??= [];
      },
    });
  }

  private syncResources(tx: EntityManager, gateway: GatewayEntity, discovery: Discovery): Promise<SyncCounts> {
    return this.imports.mirror(tx, RESOURCE_KIND, gateway, discovery.resources, {
      keyOf: (resource) => resource.uri,
      existingKey: (row) => row.uri,
      apply: (row, resource) => {
        row.uri = resource.uri;
        row.name = resource.name;
        row.description = resource.description ?? null;
        row.mimeType = resource.mimeType ?? null;
        row.content ??= null;
        row.tags ??= [];
      },
    });
  }

  private syncPrompts(tx: EntityManager, gateway: GatewayEntity, discovery: Discovery): Promise<SyncCounts> {
    return this.imports.mirror(tx, PROMPT_KIND, gateway, discovery.prompts, {
      keyOf: (prompt) => prompt.name,
      existingKey: (row) => row.originalName,
      apply: (row, prompt) => {
        row.name = importedName(gateway, prompt.name);
        row.originalName = prompt.name;
        row.description = prompt.description ?? null;
        row.template ??= '';
        row.arguments = (prompt.arguments ?? []).map((arg) => ({
          name: arg.name,
          description: arg.description ?? null,
          required: arg.required ?? false,
        }));
        row.tags ??= [];
      },
    });
  }

  /** After the gateway itself changed (name, team, visibility, on/off): carry it over to what it imported. */
  reapply(tx: EntityManager, gateway: GatewayEntity): Promise<void> {
    return this.imports.reapply(tx, gateway);
  }
}
