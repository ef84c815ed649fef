import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntityTarget } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { isForeignKeyViolation, isUniqueViolation, pgErrorCode } from '../../common/database/pg-errors.js';
import { badRequest, conflict, notFound } from '../../common/errors/domain-error.js';
import { CatalogAccessService, type OwnedResource } from './catalog-access.service.js';
import { mayListTeam, visibleSql } from './catalog-viewer.js';
import { cursorTimestampSql, decodeCursor, encodeCursor, pageSizeOf, tagsOf } from './cursor-page.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import type { CatalogListQuery } from './dto/catalog-list.query.js';
import type { OwnedRow } from './entities/owned-row.js';

const PG_CHECK_VIOLATION = '23514';

/** How the shared row logic addresses one kind of team-scoped row. */
export interface RowKind<E extends OwnedRow> {
  resource: OwnedResource;
  entity: EntityTarget<E>;
  /** "Tool", for messages. */
  label: string;
  /** What must be unique in a scope ("name 'x'", "URI 'y'"), for the 409 message. */
  identity(row: E): string;
  /** Whether rows may come from a gateway (`?gateway_id=` filter). */
  imported: boolean;
}

export interface Page<E> {
  items: E[];
  nextCursor: string | null;
}

/**
 * The logic every gateway and catalog row shares: visibility-filtered, cursor-paged listings; reads that answer
 * 404 for what the caller may not see; changes by the owner, an admin or a permission holder in the row's team;
 * unique names as 409.
 */
@Injectable()
export class CatalogRowsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: CatalogAccessService,
  ) {}

  /** `nameContains`: the admin UI's search box (case-insensitive, literal). */
  async list<E extends OwnedRow>(
    principal: Principal,
    kind: RowKind<E>,
    query: CatalogListQuery,
    options: { nameContains?: string } = {},
  ): Promise<Page<E>> {
    const viewer = await this.access.viewer(principal);
    if (query.team_id && !mayListTeam(viewer, query.team_id)) return { items: [], nextCursor: null };
    const limit = pageSizeOf(query.limit);
    const tags = tagsOf(query.tags);
    const visible = visibleSql(viewer, 'x');
    const qb = this.dataSource.getRepository(kind.entity).createQueryBuilder('x').where(visible.sql, visible.params);
    if (query.team_id) qb.andWhere('x.team_id = :teamId', { teamId: query.team_id });
    if (query.visibility) qb.andWhere('x.visibility = :visibility', { visibility: query.visibility });
    // Any of the tags (ContextForge matches any); `tags` is a jsonb list of strings.
    if (tags.length > 0) qb.andWhere('x.tags ?| CAST(:tags AS text[])', { tags });
    if (options.nameContains) {
      const literal = options.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`);
      qb.andWhere(`x.name ILIKE :nameLike ESCAPE '\\'`, { nameLike: `%${literal}%` });
    }
    if (query.gateway_id && kind.imported) qb.andWhere('x.gateway_id = :gatewayId', { gatewayId: query.gateway_id });
    if (!query.include_inactive) qb.andWhere('x.enabled = true');
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      qb.andWhere('(x.created_at, x.id) > (CAST(:afterTs AS timestamptz), CAST(:afterId AS uuid))', {
        afterTs: after.createdAt,
        afterId: after.id,
      });
    }
    const { entities, raw } = await qb
      .addSelect(cursorTimestampSql('x'), 'cursor_ts')
      .orderBy('x.created_at', 'ASC')
      .addOrderBy('x.id', 'ASC')
      .limit(limit + 1)
      .getRawAndEntities<{ cursor_ts: string }>();
    if (entities.length <= limit) return { items: entities, nextCursor: null };
    const items = entities.slice(0, limit);
    const last = items[limit - 1];
    return { items, nextCursor: encodeCursor({ createdAt: raw[limit - 1].cursor_ts, id: last.id }) };
  }

  /** The row the guard authorized (`target`), else 404. */
  get<E extends OwnedRow>(kind: RowKind<E>, target: AuthorizedTarget, manager?: EntityManager): Promise<E> {
    return this.find(kind, target, manager);
  }

  /**
   * The authorized row for the change the guard allowed (owner, team role or admin: the engine's rule), locked
   * when read inside a transaction.
   */
  getForChange<E extends OwnedRow>(kind: RowKind<E>, target: AuthorizedTarget, manager: EntityManager): Promise<E> {
    return this.find(kind, target, manager, manager.queryRunner?.isTransactionActive === true);
  }

  async save<E extends OwnedRow>(manager: EntityManager, kind: RowKind<E>, row: E): Promise<E> {
    try {
      return await manager.getRepository(kind.entity).save(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`${kind.label} ${kind.identity(row)} already exists in this scope`);
      if (isForeignKeyViolation(error)) throw notFound('Team');
      // ck_*_team_for_restricted: only the master key makes team-less rows, and those must stay public.
      if (pgErrorCode(error) === PG_CHECK_VIOLATION) throw badRequest('Team or private visibility needs a team', 'visibility');
      throw error;
    }
  }

  async delete<E extends OwnedRow>(kind: RowKind<E>, target: AuthorizedTarget): Promise<{ status: string; message: string }> {
    const id = await this.dataSource.transaction(async (tx) => {
      const row = await this.getForChange(kind, target, tx);
      await tx.getRepository(kind.entity).delete(row.id);
      return row.id;
    });
    return { status: 'success', message: `${kind.label} ${id} deleted` };
  }

  async setEnabled<E extends OwnedRow>(kind: RowKind<E>, target: AuthorizedTarget, enabled: boolean, manager: EntityManager): Promise<E> {
    const row = await this.getForChange(kind, target, manager);
    row.enabled = enabled;
    return this.save(manager, kind, row);
  }

  private async find<E extends OwnedRow>(
    kind: RowKind<E>,
    target: AuthorizedTarget,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<E> {
    const id = target.resource?.id;
    // Outside a transaction (a plain read), the row the guard's resolver read for this very request is the answer.
    const inTransaction = manager.queryRunner?.isTransactionActive === true;
    const loaded = !lock && !inTransaction ? loadedRow(kind, target) : undefined;
    const row = loaded
      ? loaded
      : id
        ? await manager
            .getRepository(kind.entity)
            .findOne({ where: { id } as never, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) })
        : null;
    // The row's team is what the guard decided on: a row moved since then is not the authorized one.
    if (!row || row.teamId !== target.resource!.teamId) throw notFound(kind.label);
    return row;
  }
}

/** The row the resolver loaded for the authorized resource, when it is of this kind. */
function loadedRow<E extends OwnedRow>(kind: RowKind<E>, target: AuthorizedTarget): E | undefined {
  const loaded = target.resource?.loaded;
  return typeof kind.entity === 'function' && loaded instanceof kind.entity ? (loaded as E) : undefined;
}
