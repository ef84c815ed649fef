import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getDefaultParser } from '@nestjs/config';

export interface EnvWithFile {
  env: NodeJS.ProcessEnv;
  /** The file read, or null when there was none or it was ignored. */
  readFrom: string | null;
}

/**
 * The environment with `.env` (in the working directory) beneath it, parsed with @nestjs/config's own parser
 * (dotenv), so the file reads the way Nest users expect. A variable set in the real environment wins over the
 * file. Under NODE_ENV=test the file is ignored: a developer's `.env` must never change what the tests see.
 * Nothing is written to `process.env`; the typed AppConfig built from the result stays the one source.
 */
export function withEnvFile(env: NodeJS.ProcessEnv, path: string = resolve('.env')): EnvWithFile {
  if (env.NODE_ENV === 'test' || !existsSync(path)) return { env, readFrom: null };
  const fromFile = getDefaultParser()(readFileSync(path));
  return { env: { ...fromFile, ...env }, readFrom: path };
}
