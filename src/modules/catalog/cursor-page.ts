import { badRequest } from '../../common/errors/domain-error.js';

/**
 * Keyset pagination over (created_at, id). The cursor carries the exact microsecond timestamp as Postgres
 * prints it (a JS Date would round it and skip or repeat rows), base64url-encoded so clients treat it as opaque.
 */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** `limit=0` (ContextForge: "all rows") still stops here; the next-cursor header continues beyond. */
export const MAX_UNPAGED_ROWS = 10_000;

/** The page size a listing's `limit` asks for: absent is the default, 0 is "all" (up to the cap). */
export function pageSizeOf(limit: number | undefined): number {
  if (limit === 0) return MAX_UNPAGED_ROWS;
  return Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/** `?tags=api, data,,` as the tags it names (comma-separated, trimmed, empty ones dropped). */
export function tagsOf(tags: string | undefined): string[] {
  return (tags ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

/** SQL (for addSelect) that renders a row's position in the cursor's own format. */
export const cursorTimestampSql = (alias: string): string =>
  `to_char(${alias}.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string): CursorPosition {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !TIMESTAMP.test(createdAt ?? '') || !UUID.test(id ?? '')) throw badRequest('Invalid cursor', 'cursor');
  return { createdAt, id };
}

export const isUuid = (value: string): boolean => UUID.test(value);

/** Listings answer a bare list (as ContextForge does); the next page's cursor travels in this header. */
export const NEXT_CURSOR_HEADER = 'x-next-cursor';
