import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppLogger } from './app-logger.js';

describe('AppLogger', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-log-'));
    file = join(dir, 'nested', 'app.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Closing ends the asynchronous stream; the file holds everything once it has finished. */
  async function linesAfterClose(logger: AppLogger): Promise<Record<string, unknown>[]> {
    const finished = new Promise((resolve) =>
      (logger as unknown as { destination: NodeJS.EventEmitter }).destination.once('close', resolve),
    );
    logger.close();
    await finished;
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  }

  it("writes Nest's messages as JSON lines with their context, and an error's stack apart from its message", async () => {
    const logger = new AppLogger({ level: 'info', file });
    logger.log('Created platform admin', 'PlatformAdminBootstrap');
    logger.error('boom', 'Error: boom\n    at somewhere (x.ts:1:1)', 'ExceptionsHandler');
    const [created, failed] = await linesAfterClose(logger);
    expect(created).toMatchObject({ level: 30, msg: 'Created platform admin', context: 'PlatformAdminBootstrap' });
    expect(failed).toMatchObject({ level: 50, msg: 'boom', context: 'ExceptionsHandler', stack: expect.stringContaining('at somewhere') });
  });

  it("lowers Nest's route listing to debug, so a normal start does not print a line per route", async () => {
    const logger = new AppLogger({ level: 'info', file });
    logger.log('Mapped {/teams, GET} route', 'RouterExplorer');
    logger.log('TeamsController {/teams}:', 'RoutesResolver');
    logger.log('kept', 'Startup');
    expect((await linesAfterClose(logger)).map((line) => line.msg)).toEqual(['kept']);

    const debug = new AppLogger({ level: 'debug', file });
    debug.log('Mapped {/teams, GET} route', 'RouterExplorer');
    expect(await linesAfterClose(debug)).toContainEqual(expect.objectContaining({ level: 20, msg: 'Mapped {/teams, GET} route' }));
  });

  it('redacts credentials passed in a log object', async () => {
    const logger = new AppLogger({ level: 'info', file });
    logger.log({ msg: 'login', password: 'Hunter2-secret', req: { headers: { authorization: 'Bearer sk-secret' } } }, 'Auth');
    const text = JSON.stringify(await linesAfterClose(logger));
    expect(text).not.toMatch(/Hunter2|sk-secret/);
    expect(text).toContain('[Redacted]');
  });

  it('is silent, not throwing, once its file is closed', async () => {
    const logger = new AppLogger({ level: 'info', file });
    logger.log('before', 'Shutdown');
    const lines = await linesAfterClose(logger);
    expect(() => logger.warn('late', 'Shutdown')).not.toThrow();
    expect(lines.map((line) => line.msg)).toEqual(['before']);
  });

  it('writes nothing below its level (LOG_LEVEL=silent in the tests)', async () => {
    const logger = new AppLogger({ level: 'silent', file });
    logger.error('not written', 'Anywhere');
    expect(await linesAfterClose(logger)).toEqual([]);
  });
});
