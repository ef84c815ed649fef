import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { RESOURCE_KIND } from './catalog-kinds.js';
import { CatalogRowsService, type Page } from './catalog-rows.service.js';
import { toResourceView } from './catalog-views.js';
import { notFound } from '../../common/errors/domain-error.js';
import { type ResourceInfoView, toResourceInfoView } from './resource-info.view.js';
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

  async create(principal: Principal, target: AuthorizedTarget, request: CreateResourceRequest): Promise<ResourceView> {
    const fields = request.resource;
    const visibility = request.visibility ?? 'public';
    const home = this.access.home(principal, target, visibility);
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
        ownerUserId: home.ownerUserId,
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

  async get(target: AuthorizedTarget): Promise<ResourceView> {
    return toResourceView(await this.rows.get(RESOURCE_KIND, target));
  }

  async update(target: AuthorizedTarget, request: UpdateResourceRequest): Promise<ResourceView> {
    return this.dataSource.transaction(async (tx) => {
      const resource = await this.rows.getForChange(RESOURCE_KIND, target, tx);
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

  delete(target: AuthorizedTarget) {
    return this.rows.delete(RESOURCE_KIND, target);
  }

  async setEnabled(target: AuthorizedTarget, enabled: boolean) {
    const resource = await this.dataSource.transaction((tx) => this.rows.setEnabled(RESOURCE_KIND, target, enabled, tx));
    return {
      status: 'success',
      message: `Resource ${resource.id} ${enabled ? 'activated' : 'deactivated'}`,
      resource: toResourceView(resource),
    };
  }

  /** `GET /resources/{id}/info`: the metadata without the content; a disabled resource only with `include_inactive`. */
  async info(target: AuthorizedTarget, includeInactive: boolean): Promise<ResourceInfoView> {
    const resource = await this.rows.get(RESOURCE_KIND, target);
    if (!resource.enabled && !includeInactive) throw notFound('Resource');
    return toResourceInfoView(resource);
  }
}
