import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseAppConfig } from './app-config.js';
import { jwtSecretFileIn, readOrCreateSecretFile } from './development-jwt-secret.js';

describe('development JWT secret beside the embedded database', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once (mode 0600, no temporary file left) and read back on later starts', () => {
    const path = jwtSecretFileIn(join(dir, 'data'));
    const first = readOrCreateSecretFile(path);
    expect(first).toMatchObject({ path, created: true });
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'data'))).toEqual(['jwt-secret']);

    expect(readOrCreateSecretFile(path)).toEqual({ secret: first.secret, path, created: false });
  });

  it('refuses a file that holds no usable secret instead of silently replacing it', () => {
    const path = join(dir, 'jwt-secret');
    writeFileSync(path, 'short\n');
    expect(() => readOrCreateSecretFile(path)).toThrow(`${path} holds no usable JWT secret`);
  });

  const parse = (env: Record<string, string>) => parseAppConfig({ NODE_ENV: 'development', ...env });

  it('survives a restart in development on a persisted embedded database, and so does the credentials key', () => {
    const env = { PGLITE_DATA_DIR: join(dir, 'pglite') };
    const first = parse(env);
    const second = parse(env);
    expect(first.auth.jwtSecret).toHaveLength(64);
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    expect(second.gateways.authEncryptionSecret).toBe(first.gateways.authEncryptionSecret);
    expect(existsSync(jwtSecretFileIn(join(dir, 'pglite')))).toBe(true);
  });

  it.each([
    ['in-memory PGlite', { DATABASE_URL: 'pglite://memory' }],
    ['Postgres', { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' }],
    ['NODE_ENV=test', { NODE_ENV: 'test' }],
  ])('stays random per process with %s, writing nothing', (_name, extra) => {
    const env = { ...extra, PGLITE_DATA_DIR: join(dir, 'pglite') };
    expect(parse(env).auth.jwtSecret).not.toBe(parse(env).auth.jwtSecret);
    expect(existsSync(join(dir, 'pglite'))).toBe(false);
  });

  it('uses JWT_SECRET when set, writing nothing', () => {
    const secret = 'an-operator-secret-0123456789abcdef';
    expect(parse({ PGLITE_DATA_DIR: join(dir, 'pglite'), JWT_SECRET: secret }).auth.jwtSecret).toBe(secret);
    expect(existsSync(join(dir, 'pglite'))).toBe(false);
  });

  it('requires 32 characters of JWT_SECRET and treats an empty one as unset', () => {
    expect(() => parse({ DATABASE_URL: 'pglite://memory', JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET.*32/);
    expect(parse({ DATABASE_URL: 'pglite://memory', JWT_SECRET: 'x'.repeat(32) }).auth.jwtSecret).toBe('x'.repeat(32));
    expect(parse({ DATABASE_URL: 'pglite://memory', JWT_SECRET: '' }).auth.jwtSecret).toHaveLength(64);
    expect(() => parse({ NODE_ENV: 'production', JWT_SECRET: '', PLATFORM_ADMIN_PASSWORD: 'Changeme123!' })).toThrow(
      /JWT_SECRET.*required/,
    );
  });
});
