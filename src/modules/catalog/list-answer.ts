import type { FastifyReply } from 'fastify';
import type { Page } from './catalog-rows.service.js';
import { NEXT_CURSOR_HEADER } from './cursor-page.js';
import type { CatalogListQuery } from './dto/catalog-list.query.js';

/**
 * ContextForge's execution metrics of a row. Portcullis executes nothing, so they are always empty; they are
 * there for clients that ask with `include_metrics=true` and read the fields.
 */
export const EMPTY_METRICS = Object.freeze({
  total_executions: 0,
  successful_executions: 0,
  failed_executions: 0,
  failure_rate: 0,
  min_response_time: null,
  max_response_time: null,
  avg_response_time: null,
  last_execution_time: null,
});

/**
 * What a listing answers: a bare list, or with `include_pagination=true` ContextForge's cursor-paginated shape
 * `{"<kind>": [...], "nextCursor": "..." | null}` (its `CursorPaginated*Response`). The next page's cursor also
 * travels in the `X-Next-Cursor` header, whichever shape is asked for.
 */
export function listAnswer<T extends object>(
  reply: FastifyReply,
  kind: 'tools' | 'resources' | 'prompts' | 'servers' | 'gateways',
  page: Page<T>,
  query: Pick<CatalogListQuery, 'include_pagination' | 'include_metrics'>,
): T[] | Record<string, unknown> {
  if (page.nextCursor) reply.header(NEXT_CURSOR_HEADER, page.nextCursor);
  const items = query.include_metrics ? page.items.map((item) => ({ ...item, metrics: { ...EMPTY_METRICS } })) : page.items;
  return query.include_pagination ? { [kind]: items, nextCursor: page.nextCursor } : items;
}
