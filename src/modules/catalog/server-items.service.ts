import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { CatalogAccessService } from './catalog-access.service.js';
import { PROMPT_KIND, RESOURCE_KIND, SERVER_KIND, TOOL_KIND } from './catalog-kinds.js';
import { CatalogRowsService, type RowKind } from './catalog-rows.service.js';
import { visibleSql } from './catalog-viewer.js';
import { toPromptView, toToolView } from './catalog-views.js';
import type { OwnedRow } from './entities/owned-row.js';
import { ServerPromptEntity, ServerResourceEntity, ServerToolEntity } from './entities/server-items.entity.js';
import { ServerEntity } from './entities/server.entity.js';
import { toResourceInfoView } from './resource-info.view.js';

/** How a server's items of one kind are linked to it: the junction entity and its item-side property. */
interface Link {
  junction: typeof ServerToolEntity | typeof ServerResourceEntity | typeof ServerPromptEntity;
  itemProperty: 'toolId' | 'resourceId' | 'promptId';
}

/**
 * `GET /servers/{id}/tools|resources|prompts`. Being allowed to read a server does not make its items readable:
 * a server bundles what its author could see, and each item keeps its own visibility. So the listing is the
 * server's items filtered by the same visibility rule as the catalog listings (public rows, the caller's own rows,
 * their teams' team rows): another user's private tool in a public server stays invisible.
 */
@Injectable()
export class ServerItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rows: CatalogRowsService,
    private readonly access: CatalogAccessService,
  ) {}

  async tools(principal: Principal, target: AuthorizedTarget, includeInactive: boolean) {
    const tools = await this.items(principal, target, TOOL_KIND, { junction: ServerToolEntity, itemProperty: 'toolId' }, includeInactive);
    return tools.map(toToolView);
  }

  async resources(principal: Principal, target: AuthorizedTarget, includeInactive: boolean) {
    const link = { junction: ServerResourceEntity, itemProperty: 'resourceId' } as const;
    return (await this.items(principal, target, RESOURCE_KIND, link, includeInactive)).map(toResourceInfoView);
  }

  async prompts(principal: Principal, target: AuthorizedTarget, includeInactive: boolean) {
    const link = { junction: ServerPromptEntity, itemProperty: 'promptId' } as const;
    return (await this.items(principal, target, PROMPT_KIND, link, includeInactive)).map(toPromptView);
  }

  /**
   * The servers the caller can see that bundle anything imported from the gateway: what deleting it would take out
   * of them (ContextForge's impact preview). Disabled servers count too; servers the caller cannot see are not named.
   */
  async serversBundlingGateway(principal: Principal, gatewayId: string): Promise<{ id: string; name: string }[]> {
    const visible = visibleSql(await this.access.viewer(principal), 's');
    const bundles = (junction: string, column: string, table: string) =>
      `EXISTS (SELECT 1 FROM ${junction} l JOIN ${table} i ON i.id = l.${column} WHERE l.server_id = s.id AND i.gateway_id = :gatewayId)`;
    const servers = await this.dataSource
      .getRepository(ServerEntity)
      .createQueryBuilder('s')
      .select(['s.id', 's.name'])
      .where(visible.sql, visible.params)
      .andWhere(
        `(${bundles('server_tools', 'tool_id', 'tools')} OR ${bundles('server_resources', 'resource_id', 'resources')} OR ${bundles('server_prompts', 'prompt_id', 'prompts')})`,
        { gatewayId },
      )
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
    return servers.map((server) => ({ id: server.id, name: server.name }));
  }

  private async items<E extends OwnedRow>(
    principal: Principal,
    target: AuthorizedTarget,
    kind: RowKind<E>,
    link: Link,
    includeInactive: boolean,
  ): Promise<E[]> {
    // The authorized server (404 if it is gone or has moved since the guard decided).
    const server = await this.rows.get(SERVER_KIND, target);
    const visible = visibleSql(await this.access.viewer(principal), 'x');
    const query = this.dataSource
      .getRepository(kind.entity)
      .createQueryBuilder('x')
      .innerJoin(link.junction, 'link', `link.${link.itemProperty} = x.id AND link.serverId = :serverId`, { serverId: server.id })
      .where(visible.sql, visible.params);
    if (!includeInactive) query.andWhere('x.enabled = true');
    return query.orderBy('x.created_at', 'ASC').addOrderBy('x.id', 'ASC').getMany();
  }
}
