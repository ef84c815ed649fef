import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { badRequest } from '../../common/errors/domain-error.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { PROMPT_KIND, RESOURCE_KIND, SERVER_KIND, TOOL_KIND } from './catalog-kinds.js';
import { CatalogRowsService, type Page, type RowKind } from './catalog-rows.service.js';
import { toServerView } from './catalog-views.js';
import { isUuid } from './cursor-page.js';
import type { CatalogListQuery } from './dto/catalog-list.query.js';
import type { CreateServerRequest } from './dto/create-server.request.js';
import type { UpdateServerRequest } from './dto/update-server.request.js';
import type { OwnedRow } from './entities/owned-row.js';
import { ServerEntity } from './entities/server.entity.js';

export type ServerView = ReturnType<typeof toServerView>;

interface Bundle {
  associated_tools?: string[] | null;
  associated_resources?: string[] | null;
  associated_prompts?: string[] | null;
}

/** Virtual servers: bundles of catalog items the caller can see. */
@Injectable()
export class ServersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rows: CatalogRowsService,
    private readonly access: CatalogAccessService,
  ) {}

  async create(principal: Principal, target: AuthorizedTarget, request: CreateServerRequest): Promise<ServerView> {
    const fields = request.server;
    const visibility = request.visibility ?? 'public';
    const home = this.access.home(principal, target, visibility);
    return this.dataSource.transaction(async (tx) => {
      const server = tx.getRepository(ServerEntity).create({
        name: fields.name,
        description: fields.description ?? null,
        icon: fields.icon ?? null,
        tags: fields.tags ?? [],
        teamId: home.teamId,
        ownerEmail: home.ownerEmail,
        ownerUserId: home.ownerUserId,
        visibility,
        enabled: true,
      });
      await this.applyBundle(principal, tx, server, fields);
      const saved = await this.rows.save(tx, SERVER_KIND, server);
      return toServerView(await tx.getRepository(ServerEntity).findOneByOrFail({ id: saved.id }));
    });
  }

  async list(principal: Principal, query: CatalogListQuery): Promise<Page<ServerView>> {
    const page = await this.rows.list(principal, SERVER_KIND, query);
    return { items: page.items.map(toServerView), nextCursor: page.nextCursor };
  }

  async get(target: AuthorizedTarget): Promise<ServerView> {
    return toServerView(await this.rows.get(SERVER_KIND, target));
  }

  async update(principal: Principal, target: AuthorizedTarget, request: UpdateServerRequest): Promise<ServerView> {
    return this.dataSource.transaction(async (tx) => {
      const server = await this.rows.getForChange(SERVER_KIND, target, tx);
      if (request.name !== undefined) server.name = request.name;
      if (request.description !== undefined) server.description = request.description;
      if (request.icon !== undefined) server.icon = request.icon;
      if (request.tags !== undefined) server.tags = request.tags ?? [];
      if (request.visibility !== undefined) server.visibility = request.visibility;
      await this.applyBundle(principal, tx, server, request);
      await this.rows.save(tx, SERVER_KIND, server);
      return toServerView(await tx.getRepository(ServerEntity).findOneByOrFail({ id: server.id }));
    });
  }

  delete(target: AuthorizedTarget) {
    return this.rows.delete(SERVER_KIND, target);
  }

  async setEnabled(target: AuthorizedTarget, enabled: boolean) {
    const server = await this.dataSource.transaction(async (tx) => {
      const saved = await this.rows.setEnabled(SERVER_KIND, target, enabled, tx);
      return tx.getRepository(ServerEntity).findOneByOrFail({ id: saved.id });
    });
    return { status: 'success', message: `Server ${server.id} ${enabled ? 'activated' : 'deactivated'}`, server: toServerView(server) };
  }

  /** Replaces each bundled list that is given; every id must name an item the caller can see (else 400). */
  private async applyBundle(principal: Principal, tx: EntityManager, server: ServerEntity, bundle: Bundle): Promise<void> {
    if (bundle.associated_tools != null)
      server.tools = await this.visibleItems(principal, tx, TOOL_KIND, bundle.associated_tools, 'associated_tools');
    if (bundle.associated_resources != null) {
      server.resources = await this.visibleItems(principal, tx, RESOURCE_KIND, bundle.associated_resources, 'associated_resources');
    }
    if (bundle.associated_prompts != null) {
      server.prompts = await this.visibleItems(principal, tx, PROMPT_KIND, bundle.associated_prompts, 'associated_prompts');
    }
  }

  private async visibleItems<E extends OwnedRow>(
    principal: Principal,
    tx: EntityManager,
    kind: RowKind<E>,
    ids: string[],
    field: string,
  ): Promise<E[]> {
    const wanted = [...new Set(ids)];
    const invalid = wanted.find((id) => !isUuid(id));
    if (invalid !== undefined) throw badRequest(`${kind.label} ${invalid} not found`, field);
    const found = wanted.length ? await tx.getRepository(kind.entity).findBy({ id: In(wanted) } as never) : [];
    const readable: E[] = [];
    for (const row of found) if (await this.access.mayRead(principal, kind.resource, row)) readable.push(row);
    const byId = new Map(readable.map((row) => [row.id, row]));
    const missing = wanted.find((id) => !byId.has(id));
    // Invisible items are reported exactly like missing ones.
    if (missing !== undefined) throw badRequest(`${kind.label} ${missing} not found`, field);
    return wanted.map((id) => byId.get(id)!);
  }
}
