import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { RESOURCE_KIND } from './catalog-kinds.js';
import { CatalogRowsService, type Page } from './catalog-rows.service.js';
import { toResourceView } from './catalog-views.js';
import type { CatalogListQuery } from './dto/catalog-list.query.js';
import type { CreateResourceRequest } from './dto/create-resource.request.js';
import type { UpdateResourceRequest } from './dto/update-resource.request.js';
import { ResourceEntity } from './entities/resource.entity.js';

export type ResourceView = ReturnType<typeof toResourceView>;

/** Resources registered by hand; imported ones are kept in sync by their gateway. */
@Injectable()
export class ResourcesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rows: CatalogRowsService,
    private readonly access: CatalogAccessService,
  ) {}

  async create(principal: Principal, request: CreateResourceRequest): Promise<ResourceView> {
    const fields = request.resource;
    const visibility = request.visibility ?? 'public';
    const home = await this.access.home(principal, request.team_id, visibility);
    return this.dataSource.transaction(async (tx) => {
      const resource = tx.getRepository(ResourceEntity).create({
        uri: fields.uri,
        name: fields.name,
        description: fields.description ?? null,
        mimeType: fields.mimeType ?? fields.mime_type ?? null,
        content: fields.content ?? null,
        tags: fields.tags ?? [],
        gatewayId: null,
        teamId: home.teamId,
        ownerEmail: home.ownerEmail,
        visibility,
        enabled: true,
      });
      return toResourceView(await this.rows.save(tx, RESOURCE_KIND, resource));
    });
  }

  async list(principal: Principal, query: CatalogListQuery): Promise<Page<ResourceView>> {
    const page = await this.rows.list(principal, RESOURCE_KIND, query);
    return { items: page.items.map(toResourceView), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, id: string): Promise<ResourceView> {
    return toResourceView(await this.rows.get(principal, RESOURCE_KIND, id));
  }

  async update(principal: Principal, id: string, request: UpdateResourceRequest): Promise<ResourceView> {
    return this.dataSource.transaction(async (tx) => {
      const resource = await this.rows.getForChange(principal, RESOURCE_KIND, id, 'update', tx);
      if (request.uri !== undefined) resource.uri = request.uri;
      if (request.name !== undefined) resource.name = request.name;
      if (request.description !== undefined) resource.description = request.description;
      const mimeType = request.mimeType !== undefined ? request.mimeType : request.mime_type;
      if (mimeType !== undefined) resource.mimeType = mimeType;
      if (request.content !== undefined) resource.content = request.content;
      if (request.tags !== undefined) resource.tags = request.tags ?? [];
      if (request.visibility !== undefined) resource.visibility = request.visibility;
      return toResourceView(await this.rows.save(tx, RESOURCE_KIND, resource));
    });
  }

  delete(principal: Principal, id: string) {
    return this.rows.delete(principal, RESOURCE_KIND, id);
  }

  async setEnabled(principal: Principal, id: string, enabled: boolean) {
    const resource = await this.dataSource.transaction((tx) => this.rows.setEnabled(principal, RESOURCE_KIND, id, enabled, tx));
    return { status: 'success', message: `Resource ${id} ${enabled ? 'activated' : 'deactivated'}`, resource: toResourceView(resource) };
  }
}
