import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { withEnvFile } from './env-file.js';

describe('withEnvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-env-'));
  const file = join(dir, '.env');
  writeFileSync(file, '# a comment\nPORT=5000\nJWT_ISSUER="from-file"\nMASTER_KEY=sk-from-file\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('puts the file beneath the environment: a variable set in the environment wins', () => {
    const { env, readFrom } = withEnvFile({ NODE_ENV: 'development', PORT: '6000' }, file);
    expect(readFrom).toBe(file);
    expect(env).toEqual({ NODE_ENV: 'development', PORT: '6000', JWT_ISSUER: 'from-file', MASTER_KEY: 'sk-from-file' });
  });

  it('reads the file when NODE_ENV is not set in the environment', () => {
    expect(withEnvFile({}, file).env.PORT).toBe('5000');
  });

  it('ignores the file under NODE_ENV=test, so a developer’s .env never reaches the tests', () => {
    const original = { NODE_ENV: 'test', PORT: '6000' };
    expect(withEnvFile(original, file)).toEqual({ env: original, readFrom: null });
  });

  it('is a no-op without a file, and never writes to the environment it was given', () => {
    const original = { NODE_ENV: 'production' };
    expect(withEnvFile(original, join(dir, 'missing.env'))).toEqual({ env: original, readFrom: null });
    withEnvFile(original, file);
    expect(original).toEqual({ NODE_ENV: 'production' });
  });
});
