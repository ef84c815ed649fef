import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import { CatalogAccessService, type OwnedResource } from '../catalog/catalog-access.service.js';
import { PROMPT_KIND, RESOURCE_KIND, SERVER_KIND, TOOL_KIND } from '../catalog/catalog-kinds.js';
import { CatalogRowsService, type RowKind } from '../catalog/catalog-rows.service.js';
import { CreatePromptRequest } from '../catalog/dto/create-prompt.request.js';
import { CreateResourceRequest } from '../catalog/dto/create-resource.request.js';
import { CreateServerRequest } from '../catalog/dto/create-server.request.js';
import { CreateToolRequest } from '../catalog/dto/create-tool.request.js';
import { UpdatePromptRequest } from '../catalog/dto/update-prompt.request.js';
import { UpdateResourceRequest } from '../catalog/dto/update-resource.request.js';
import { UpdateServerRequest } from '../catalog/dto/update-server.request.js';
import { UpdateToolRequest } from '../catalog/dto/update-tool.request.js';
import type { OwnedRow } from '../catalog/entities/owned-row.js';
import type { PromptEntity } from '../catalog/entities/prompt.entity.js';
import type { ResourceEntity } from '../catalog/entities/resource.entity.js';
import type { ServerEntity } from '../catalog/entities/server.entity.js';
import type { ToolEntity } from '../catalog/entities/tool.entity.js';
import { PromptsService } from '../catalog/prompts.service.js';
import { ResourcesService } from '../catalog/resources.service.js';
import { ServersService } from '../catalog/servers.service.js';
import { ToolsService } from '../catalog/tools.service.js';
import { CreateGatewayRequest } from '../gateways/dto/create-gateway.request.js';
import { UpdateGatewayRequest } from '../gateways/dto/update-gateway.request.js';
import type { GatewayEntity } from '../gateways/entities/gateway.entity.js';
import { GATEWAY_KIND } from '../gateways/gateway-kind.js';
import { GatewaysService } from '../gateways/gateways.service.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { commaList, jsonField, optional, validatedAs } from './admin-form-fields.js';
import { shellUrl } from './admin-responses.js';
import type { TableModel, TableRow } from './admin-table.model.js';
import type { AdminEditForm } from './dto/admin-edit.form.js';
import type { AdminGatewayForm } from './dto/admin-gateway.form.js';
import type { AdminPromptForm } from './dto/admin-prompt.form.js';
import type { AdminResourceForm } from './dto/admin-resource.form.js';
import type { AdminServerForm } from './dto/admin-server.form.js';
import type { AdminToolForm } from './dto/admin-tool.form.js';

export type CatalogTab = 'servers' | 'gateways' | 'tools' | 'resources' | 'prompts';

/** The page tab (hash) of each table: virtual servers live in the "catalog" tab. */
export const SHELL_TABS: Record<CatalogTab, string> = {
  servers: 'catalog',
  gateways: 'gateways',
  tools: 'tools',
  resources: 'resources',
  prompts: 'prompts',
};

/** How each tab lists its rows: the catalog kind, the row id prefix the pages use, and its columns. */
const TABLES: {
  [T in CatalogTab]: { kind: RowKind<OwnedRow>; rowPrefix: string; columns: string[]; cells: (row: never) => TableRow['cells'] };
} = {
  servers: {
    kind: SERVER_KIND as RowKind<OwnedRow>,
    rowPrefix: 'server',
    columns: ['Name', 'Description', 'Bundles', 'Visibility', 'Owner'],
    cells: (s: ServerEntity) => [
      { text: s.name },
      { text: s.description ?? '' },
      { text: `${s.toolIds?.length ?? 0} tools · ${s.resourceIds?.length ?? 0} resources · ${s.promptIds?.length ?? 0} prompts` },
      ...ownership(s),
    ],
  },
  gateways: {
    kind: GATEWAY_KIND as RowKind<OwnedRow>,
    rowPrefix: 'gateway',
    columns: ['Name', 'URL', 'Transport', 'Reachable', 'Visibility', 'Owner'],
    cells: (g: GatewayEntity) => [
      { text: g.name },
      { text: g.url, cls: 'mono' },
      { text: g.transport },
      { text: g.reachable ? 'yes' : 'no', pill: g.reachable ? 'public' : 'private' },
      ...ownership(g),
    ],
  },
  tools: {
    kind: TOOL_KIND as RowKind<OwnedRow>,
    rowPrefix: 'tool',
    columns: ['Name', 'Integration', 'URL', 'Visibility', 'Owner'],
    cells: (t: ToolEntity) => [
      { text: t.name },
      { text: `${t.integrationType} ${t.requestType}` },
      { text: t.url ?? '', cls: 'mono' },
      ...ownership(t),
    ],
  },
  resources: {
    kind: RESOURCE_KIND as RowKind<OwnedRow>,
    rowPrefix: 'resource',
    columns: ['Name', 'URI', 'MIME type', 'Visibility', 'Owner'],
    cells: (r: ResourceEntity) => [{ text: r.name }, { text: r.uri, cls: 'mono' }, { text: r.mimeType ?? '' }, ...ownership(r)],
  },
  prompts: {
    kind: PROMPT_KIND as RowKind<OwnedRow>,
    rowPrefix: 'prompt',
    columns: ['Name', 'Description', 'Arguments', 'Visibility', 'Owner'],
    cells: (p: PromptEntity) => [
      { text: p.name },
      { text: p.description ?? '' },
      { text: String(p.arguments?.length ?? 0) },
      ...ownership(p),
    ],
  },
};

function ownership(row: OwnedRow): TableRow['cells'] {
  return [{ text: row.visibility, pill: row.visibility }, { text: row.ownerEmail ?? '—' }];
}

/**
 * The catalog tabs: tables of what the caller may see (with the actions the engine lets them take on each row),
 * and the create forms, turned into the API's own requests and validated by the API's own rules.
 */
@Injectable()
export class AdminCatalogService {
  constructor(
    private readonly rows: CatalogRowsService,
    private readonly access: CatalogAccessService,
    private readonly servers: ServersService,
    private readonly tools: ToolsService,
    private readonly resources: ResourcesService,
    private readonly prompts: PromptsService,
    private readonly gateways: GatewaysService,
  ) {}

  async table(principal: Principal, tab: CatalogTab, teamId: string | null, search?: string, cursor?: string): Promise<TableModel> {
    const { kind, rowPrefix, columns, cells } = TABLES[tab];
    const query = { ...(teamId ? { team_id: teamId } : {}), ...(cursor ? { cursor } : {}), include_inactive: true, limit: 25 };
    const page = await this.rows.list(principal, kind, query, { nameContains: search });
    const rows: TableRow[] = [];
    for (const row of page.items) {
      rows.push({ id: row.id, enabled: row.enabled, cells: cells(row as never), actions: await this.actions(principal, tab, row, teamId) });
    }
    const next = page.nextCursor
      ? `/admin/${tab}/partial?${new URLSearchParams({ ...(teamId ? { team_id: teamId } : {}), ...(search ? { q: search } : {}), cursor: page.nextCursor })}`
      : null;
    return { kind: tab, rowPrefix, columns, rows, next };
  }

  /** Only what the engine allows is offered; the routes decide again when it is used. */
  private async actions(principal: Principal, tab: CatalogTab, row: OwnedRow, teamId: string | null): Promise<TableRow['actions']> {
    // The view the buttons come back to.
    const view = teamId ? [{ name: 'team_id', value: teamId }] : [];
    const resource = TABLES[tab].kind.resource as OwnedResource;
    const actions: TableRow['actions'] = [];
    if (await this.access.allows(principal, resource, 'update', row)) {
      actions.push({ href: `/admin/${tab}/${row.id}/edit`, method: 'GET', label: 'Edit', fields: view });
      actions.push({
        href: `/admin/${tab}/${row.id}/state`,
        label: row.enabled ? 'Disable' : 'Enable',
        fields: [{ name: 'activate', value: String(!row.enabled) }, ...view],
      });
    }
    if (await this.access.allows(principal, resource, 'delete', row)) {
      actions.push({
        href: `/admin/${tab}/${row.id}/delete`,
        label: 'Delete',
        cls: 'danger',
        confirm: `Delete ${(row as OwnedRow & { name: string }).name}? This cannot be undone.`,
        fields: view,
      });
    }
    return actions;
  }

  async createServer(principal: Principal, target: AuthorizedTarget, form: AdminServerForm) {
    const request = await validatedAs(CreateServerRequest, {
      server: { name: form.name, description: optional(form.description) },
      visibility: optional(form.visibility),
    });
    const server = await this.servers.create(principal, target, request);
    return { success: true, message: `Virtual server ${server.name} created` };
  }

  async createGateway(principal: Principal, target: AuthorizedTarget, form: AdminGatewayForm) {
    const request = await validatedAs(CreateGatewayRequest, {
      name: form.name,
      url: form.url,
      description: optional(form.description),
      transport: optional(form.transport),
      tags: commaList(form.tags),
      visibility: optional(form.visibility),
    });
    const gateway = await this.gateways.create(principal, target, request);
    return { success: true, message: `MCP server ${gateway.name} registered` };
  }

  async createTool(principal: Principal, target: AuthorizedTarget, form: AdminToolForm) {
    const request = await validatedAs(CreateToolRequest, {
      tool: {
        name: form.name,
        url: optional(form.url),
        description: optional(form.description),
        integration_type: optional(form.integrationType),
        request_type: optional(form.requestType),
        input_schema: jsonField(form.input_schema, 'input_schema'),
      },
      visibility: optional(form.visibility),
    });
    const tool = await this.tools.create(principal, target, request);
    return { success: true, message: `Tool ${tool.name} created` };
  }

  async createResource(principal: Principal, target: AuthorizedTarget, form: AdminResourceForm) {
    const request = await validatedAs(CreateResourceRequest, {
      resource: {
        uri: form.uri,
        name: form.name,
        mimeType: optional(form.mimeType),
        description: optional(form.description),
        content: optional(form.content),
      },
      visibility: optional(form.visibility),
    });
    const resource = await this.resources.create(principal, target, request);
    return { success: true, message: `Resource ${resource.name} created` };
  }

  async createPrompt(principal: Principal, target: AuthorizedTarget, form: AdminPromptForm) {
    const request = await validatedAs(CreatePromptRequest, {
      prompt: {
        name: form.name,
        description: optional(form.description),
        template: optional(form.template),
        arguments: jsonField(form.arguments, 'arguments'),
      },
      visibility: optional(form.visibility),
    });
    const prompt = await this.prompts.create(principal, target, request);
    return { success: true, message: `Prompt ${prompt.name} created` };
  }

  /** What the edit page shows of the authorized row. */
  async editPage(tab: CatalogTab, target: AuthorizedTarget, teamId: string | null) {
    const row = (await this.rows.get(TABLES[tab].kind, target)) as OwnedRow & { name: string; description: string | null };
    return {
      label: TABLES[tab].kind.label.toLowerCase(),
      name: row.name,
      description: row.description ?? '',
      visibility: row.visibility,
      teamId,
      action: `/admin/${tab}/${row.id}/edit`,
      back: shellUrl(SHELL_TABS[tab], teamId),
    };
  }

  /** The shared fields, through each kind's own update (and its own request rules). */
  async update(principal: Principal, tab: CatalogTab, target: AuthorizedTarget, form: AdminEditForm): Promise<void> {
    const fields = { name: optional(form.name), description: form.description, visibility: optional(form.visibility) };
    switch (tab) {
      case 'servers':
        await this.servers.update(principal, target, await validatedAs(UpdateServerRequest, fields));
        return;
      case 'tools':
        await this.tools.update(target, await validatedAs(UpdateToolRequest, fields));
        return;
      case 'resources':
        await this.resources.update(target, await validatedAs(UpdateResourceRequest, fields));
        return;
      case 'prompts':
        await this.prompts.update(target, await validatedAs(UpdatePromptRequest, fields));
        return;
      case 'gateways':
        await this.gateways.update(target, await validatedAs(UpdateGatewayRequest, fields));
        return;
    }
  }

  async setEnabled(tab: CatalogTab, target: AuthorizedTarget, enabled: boolean): Promise<void> {
    const services = {
      servers: this.servers,
      tools: this.tools,
      resources: this.resources,
      prompts: this.prompts,
      gateways: this.gateways,
    };
    await services[tab].setEnabled(target, enabled);
  }

  async remove(tab: CatalogTab, target: AuthorizedTarget): Promise<void> {
    const services = {
      servers: this.servers,
      tools: this.tools,
      resources: this.resources,
      prompts: this.prompts,
      gateways: this.gateways,
    };
    await services[tab].delete(target);
  }
}
