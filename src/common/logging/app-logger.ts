import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';

/** Credentials never reach the log, whatever a caller passes in a log object. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["api-key"]',
  'req.headers["x-api-key"]',
  'req.headers["x-litellm-api-key"]',
  'req.headers.cookie',
  'authorization',
  'password',
  'token',
];

/**
 * Nest's route listing (a hundred lines at every start): kept for `LOG_LEVEL=debug`, where someone asked for it.
 */
const CHATTY_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader']);

export interface LogTarget {
  level: string;
  /** A file to append to; null: standard output. */
  file: string | null;
}

/** The asynchronous destination: writes are buffered and never block a request; `flush()` at shutdown. */
export function createLogDestination(target: LogTarget): DestinationStream & { flushSync(): void; end(): void } {
  return pino.destination({ dest: target.file ?? 1, sync: false, mkdir: target.file !== null });
}

/**
 * The application's one pino logger: Nest's own messages (`new Logger('Ctx').log(...)`) and the access log
 * (src/common/http/request-observability.ts) both go through it.
 */
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(
    private readonly target: LogTarget,
    private readonly destination = createLogDestination(target),
  ) {
    this.pino = pino({ level: target.level, redact: REDACT, base: { pid: process.pid } }, destination);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write(CHATTY_CONTEXTS.has(params.at(-1) as string) ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Writes out what is buffered: at shutdown, so the last lines (the access log of the drain) are not lost. */
  flush(): void {
    try {
      this.destination.flushSync();
    } catch {
      // Nothing was written yet (the stream is not open): nothing to flush.
    }
  }

  /**
   * Flushes, and closes a log file (standard output stays open for whoever else writes to it). Lines logged while
   * the file closes are still written; after that the logger is silent rather than throwing at a late caller.
   */
  close(): void {
    this.flush();
    if (this.target.file === null) return;
    (this.destination as unknown as NodeJS.EventEmitter).once('close', () => (this.pino.level = 'silent'));
    this.destination.end();
  }

  /** Nest's contract: the context is the last parameter; `error(message, stack, context)` carries a stack before it. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length > 0 && typeof rest.at(-1) === 'string') fields.context = rest.pop();
    if (level === 'error' && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) fields.stack = rest.shift();
    if (rest.length > 0) fields.params = rest;
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}
