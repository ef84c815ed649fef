import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { badRequest } from '../../common/errors/domain-error.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { TOOL_KIND } from './catalog-kinds.js';
import { CatalogRowsService, type Page } from './catalog-rows.service.js';
import { toToolView } from './catalog-views.js';
import type { CatalogListQuery } from './dto/catalog-list.query.js';
import type { CreateToolRequest } from './dto/create-tool.request.js';
import type { UpdateToolRequest } from './dto/update-tool.request.js';
import { ToolEntity } from './entities/tool.entity.js';

export type ToolView = ReturnType<typeof toToolView>;

export const EMPTY_INPUT_SCHEMA = { type: 'object', properties: {} };

/** Tools registered by hand (REST). MCP tools arrive only through gateways, which keep them in sync. */
@Injectable()
export class ToolsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rows: CatalogRowsService,
    private readonly access: CatalogAccessService,
  ) {}

  async create(principal: Principal, target: AuthorizedTarget, request: CreateToolRequest): Promise<ToolView> {
    const fields = request.tool;
    if (fields.integration_type === 'MCP') {
      throw badRequest('MCP tools cannot be created directly: register their server with POST /gateways', 'integration_type');
    }
    const visibility = request.visibility ?? 'public';
    const home = this.access.home(principal, target, visibility);
    return this.dataSource.transaction(async (tx) => {
      const tool = tx.getRepository(ToolEntity).create({
        name: fields.name,
        originalName: fields.name,
        description: fields.description ?? null,
        url: fields.url ?? null,
        integrationType: 'REST',
        requestType: fields.request_type ?? 'POST',
        headers: fields.headers ?? {},
        inputSchema: fields.input_schema ?? fields.inputSchema ?? EMPTY_INPUT_SCHEMA,
        outputSchema: fields.output_schema ?? fields.outputSchema ?? null,
        annotations: fields.annotations ?? {},
        tags: fields.tags ?? [],
        gatewayId: null,
        teamId: home.teamId,
        ownerEmail: home.ownerEmail,
        ownerUserId: home.ownerUserId,
        visibility,
        enabled: true,
      });
      return toToolView(await this.rows.save(tx, TOOL_KIND, tool));
    });
  }

  async list(principal: Principal, query: CatalogListQuery): Promise<Page<ToolView>> {
    const page = await this.rows.list(principal, TOOL_KIND, query);
    return { items: page.items.map(toToolView), nextCursor: page.nextCursor };
  }

  async get(target: AuthorizedTarget): Promise<ToolView> {
    return toToolView(await this.rows.get(TOOL_KIND, target));
  }

  async update(target: AuthorizedTarget, request: UpdateToolRequest): Promise<ToolView> {
    return this.dataSource.transaction(async (tx) => {
      const tool = await this.rows.getForChange(TOOL_KIND, target, tx);
      if (request.name !== undefined) {
        tool.name = request.name;
        // Imported tools keep the upstream name they are re-synced by.
        if (tool.gatewayId === null) tool.originalName = request.name;
      }
      if (request.description !== undefined) tool.description = request.description;
      if (request.url !== undefined) tool.url = request.url;
      if (request.request_type !== undefined) tool.requestType = request.request_type;
      if (request.headers !== undefined) tool.headers = request.headers ?? {};
      const inputSchema = request.input_schema ?? request.inputSchema;
      if (inputSchema !== undefined) tool.inputSchema = inputSchema ?? EMPTY_INPUT_SCHEMA;
      if (request.output_schema !== undefined) tool.outputSchema = request.output_schema;
      if (request.annotations !== undefined) tool.annotations = request.annotations ?? {};
      if (request.tags !== undefined) tool.tags = request.tags ?? [];
      if (request.visibility !== undefined) tool.visibility = request.visibility;
      return toToolView(await this.rows.save(tx, TOOL_KIND, tool));
    });
  }

  delete(target: AuthorizedTarget) {
    return this.rows.delete(TOOL_KIND, target);
  }

  async setEnabled(target: AuthorizedTarget, enabled: boolean) {
    const tool = await this.dataSource.transaction((tx) => this.rows.setEnabled(TOOL_KIND, target, enabled, tx));
    return { status: 'success', message: `Tool ${tool.id} ${enabled ? 'activated' : 'deactivated'}`, tool: toToolView(tool) };
  }
}
