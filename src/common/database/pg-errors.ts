/** Postgres error codes the services translate into domain errors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';

export function pgErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

export function pgConstraint(error: unknown): string | undefined {
  const e = error as { constraint?: string; driverError?: { constraint?: string } };
  return e?.driverError?.constraint ?? e?.constraint;
}

export const isUniqueViolation = (error: unknown, constraint?: string): boolean =>
  pgErrorCode(error) === PG_UNIQUE_VIOLATION && (constraint === undefined || pgConstraint(error) === constraint);

export const isForeignKeyViolation = (error: unknown): boolean => pgErrorCode(error) === PG_FOREIGN_KEY_VIOLATION;

/** Socket-level failures between the server and Postgres (refused, reset, timed out, broken pipe). */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND']);

/**
 * SQLSTATEs that say "the database cannot serve you now", not "your statement is wrong": class 08 (connection
 * exception), admin/crash shutdown and "starting up" (57P01-57P03), too many connections (53300), and a statement
 * cancelled by `statement_timeout` (57014).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);

/** What pg, pg-pool and TypeORM say, without a code, when the connection is gone or never came. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /database is not established/i, // TypeORM: "Connection with postgres database is not established"
  /connection is not established/i,
  /is not queryable/i,
  /query read timeout/i,
  /terminating connection due to/i,
];

/**
 * Whether an error means the database is unreachable or refusing work for now (a 503 that a retry may cure), as
 * opposed to a bug or a bad statement (a 500). Looks through TypeORM's QueryFailedError (`driverError`), `cause`
 * and AggregateError (a host name that resolves to several addresses, each refused).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (CONNECTION_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((cause) => cause !== error && isDatabaseUnavailable(cause, depth + 1));
}
