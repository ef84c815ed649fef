import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PROMPT_KIND, RESOURCE_KIND, TOOL_KIND } from '../catalog/catalog-kinds.js';
import { CatalogRowsService } from '../catalog/catalog-rows.service.js';
import type { OwnedRow } from '../catalog/entities/owned-row.js';
import { PromptEntity } from '../catalog/entities/prompt.entity.js';
import { ResourceEntity } from '../catalog/entities/resource.entity.js';
import { ToolEntity } from '../catalog/entities/tool.entity.js';
import { EMPTY_INPUT_SCHEMA } from '../catalog/tools.service.js';
import type { GatewayEntity } from './entities/gateway.entity.js';
import type { Discovery } from './mcp-discovery.service.js';

export interface SyncCounts {
  added: number;
  updated: number;
  removed: number;
}

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
 * gateway's team, owner, visibility and on/off state.
 */
@Injectable()
export class GatewayCatalogSync {
  constructor(private readonly rows: CatalogRowsService) {}

  async sync(tx: EntityManager, gateway: GatewayEntity, discovery: Discovery): Promise<CatalogSyncResult> {
    const tools = await this.mirror(
      tx,
      gateway,
      ToolEntity,
      discovery.tools,
      (tool) => tool.name,
      (row) => row.originalName,
      (row, tool) => {
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
      (row) => this.rows.save(tx, TOOL_KIND, row),
    );
    const resources = await this.mirror(
      tx,
      gateway,
      ResourceEntity,
      discovery.resources,
      (resource) => resource.uri,
      (row) => row.uri,
      (row, resource) => {
        row.uri = resource.uri;
        row.name = resource.name;
        row.description = resource.description ?? null;
        row.mimeType = resource.mimeType ?? null;
        row.content ??= null;
        row.tags ??= [];
      },
      (row) => this.rows.save(tx, RESOURCE_KIND, row),
    );
    const prompts = await this.mirror(
      tx,
      gateway,
      PromptEntity,
      discovery.prompts,
      (prompt) => prompt.name,
      (row) => row.originalName,
      (row, prompt) => {
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
      (row) => this.rows.save(tx, PROMPT_KIND, row),
    );
    return { tools, resources, prompts };
  }

  /** After the gateway itself changed (name, team, visibility, on/off): carry it over to what it imported. */
  async reapply(tx: EntityManager, gateway: GatewayEntity): Promise<void> {
    for (const table of ['tools', 'prompts'] as const) {
      await tx.query(
        `UPDATE ${table} SET name = $2 || '-' || original_name, team_id = $3, owner_email = $4, visibility = $5, enabled = $6, updated_at = now()
          WHERE gateway_id = $1`,
        [gateway.id, gateway.slug, gateway.teamId, gateway.ownerEmail, gateway.visibility, gateway.enabled],
      );
    }
    await tx.query(
      `UPDATE resources SET team_id = $2, owner_email = $3, visibility = $4, enabled = $5, updated_at = now() WHERE gateway_id = $1`,
      [gateway.id, gateway.teamId, gateway.ownerEmail, gateway.visibility, gateway.enabled],
    );
  }

  private async mirror<E extends OwnedRow & { gatewayId: string | null }, U>(
    tx: EntityManager,
    gateway: GatewayEntity,
    entity: new () => E,
    upstream: U[],
    keyOf: (item: U) => string,
    existingKey: (row: E) => string,
    apply: (row: E, item: U) => void,
    save: (row: E) => Promise<E>,
  ): Promise<SyncCounts> {
    const repo = tx.getRepository(entity);
    const existing = await repo.find({ where: { gatewayId: gateway.id } as never });
    const known = new Map(existing.map((row) => [existingKey(row), row]));
    const seen = new Set<string>();
    const counts: SyncCounts = { added: 0, updated: 0, removed: 0 };
    // Removals first: a renamed upstream item must not collide with its own old row.
    const vanished = existing.filter((row) => !upstream.some((item) => keyOf(item) === existingKey(row)));
    if (vanished.length) await repo.delete(vanished.map((row) => row.id));
    counts.removed = vanished.length;
    for (const item of upstream) {
      const key = keyOf(item);
      if (seen.has(key)) continue; // duplicates in a listing: the first wins
      seen.add(key);
      const row = known.get(key) ?? repo.create();
      row.gatewayId = gateway.id;
      if (known.has(key)) counts.updated++;
      else counts.added++;
      apply(row, item);
      row.teamId = gateway.teamId;
      row.ownerEmail = gateway.ownerEmail;
      row.visibility = gateway.visibility;
      row.enabled = gateway.enabled;
      await save(row);
    }
    return counts;
  }
}
