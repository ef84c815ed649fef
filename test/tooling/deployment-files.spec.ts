import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { envSchema } from '../../src/config/env.validation.js';
import { parse as parseYaml } from 'yaml';

type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/**
 * Docker may not run where the tests do, so the deployment files are checked as files: the compose file's
 * structure (read with the `yaml` package, `<<` merges on), its environment against the server's own validation, and the
 * Dockerfile's stages. Where `docker compose` is installed, its own `config` check runs as well.
 */
const root = process.cwd();
const read = (path: string) => readFileSync(join(root, path), 'utf8');

type Map = { [key: string]: YamlValue };
const asMap = (value: YamlValue | undefined): Map => {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a map');
  return value;
};

/** What compose makes of `${VAR:?message}`, `${VAR:-default}` and `${VAR}` given these variables. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?:(:\?|:-)([^}]*))?\}/g, (_all, name: string, kind: string | undefined, rest: string) => {
    const set = vars[name] !== undefined && vars[name] !== '';
    if (kind === ':?' && !set) throw new Error(`required: ${name} (${rest})`);
    return set ? vars[name] : kind === ':-' ? rest : '';
  });
}

const REQUIRED = {
  POSTGRES_PASSWORD: 'pg-secret',
  JWT_SECRET: 'j'.repeat(32),
  MASTER_KEY: 'sk-compose',
  PLATFORM_ADMIN_PASSWORD: 'Changeme123!',
};

describe('compose.yaml', () => {
  const compose = parseYaml(read('compose.yaml'), { merge: true }) as { [key: string]: YamlValue };
  const services = asMap(compose.services);
  const instances = Object.keys(services).filter((name) => /^portcullis-\d+$/.test(name));
  const environmentOf = (name: string) => asMap(asMap(services[name]).environment) as Record<string, string>;

  it('runs Postgres 16, Redis, a migration step, two Portcullis instances and nginx', () => {
    expect(Object.keys(services).sort()).toEqual(['migrate', 'nginx', 'portcullis-1', 'portcullis-2', 'postgres', 'redis']);
    expect(asMap(services.postgres).image).toMatch(/^postgres:16(\b|-)/);
    expect(asMap(services.nginx).image).toMatch(/^nginx:[\w.]*-?alpine$/);
    for (const name of [...instances, 'migrate']) expect(asMap(services[name]).build).toBe('.');
    expect(asMap(services.migrate).command).toEqual(['node', 'dist/database/migrate.js']);
    expect(existsSync(join(root, 'src', 'database', 'migrate.ts'))).toBe(true);
  });

  it('checks health: Postgres, Redis and nginx here, the instances by the image’s HEALTHCHECK', () => {
    for (const name of ['postgres', 'redis', 'nginx']) expect(asMap(asMap(services[name]).healthcheck).test).toEqual(expect.any(Array));
    expect(asMap(services.postgres).healthcheck).toMatchObject({ test: ['CMD-SHELL', expect.stringContaining('pg_isready')] });
    for (const name of instances) expect(asMap(services[name]).healthcheck).toBeUndefined();
    expect(asMap(asMap(services.nginx).healthcheck).test).toContain('http://127.0.0.1:8080/health/liveliness');
  });

  it('starts the instances after a healthy database and a successful migration, and nginx after healthy instances', () => {
    for (const name of instances) {
      expect(asMap(services[name]).depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(asMap(services.nginx).depends_on).toEqual(Object.fromEntries(instances.map((name) => [name, { condition: 'service_healthy' }])));
  });

  it('publishes only nginx, whose configuration balances over both instances', () => {
    const published = Object.keys(services).filter((name) => asMap(services[name]).ports !== undefined);
    expect(published).toEqual(['nginx']);
    expect(asMap(services.nginx).volumes).toEqual(['./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro']);
    const nginx = read('deploy/nginx.conf');
    const upstream = /upstream portcullis \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect([...upstream.matchAll(/server ([\w.-]+):4000\b/g)].map((m) => m[1])).toEqual(instances);
    expect(nginx).toMatch(/listen 8080;/);
    expect(nginx).toMatch(/^\s*proxy_pass http:\/\/portcullis;/m);
  });

  it('refuses to start without each required secret', () => {
    for (const name of instances) {
      const env = environmentOf(name);
      for (const missing of Object.keys(REQUIRED)) {
        const vars: Record<string, string> = { ...REQUIRED, [missing]: '' };
        expect(() => Object.values(env).map((value) => interpolate(String(value), vars))).toThrow(`required: ${missing}`);
      }
    }
  });

  it('gives every instance an environment the server validates in production, naming only variables it knows', () => {
    const known = new Set(Object.keys((envSchema.describe() as { keys: Record<string, unknown> }).keys));
    // REDIS_URL is read by the abuse limits' shared store (issue 13) once that lands.
    known.add('REDIS_URL');
    for (const name of [...instances, 'migrate']) {
      const env = Object.fromEntries(
        Object.entries(environmentOf(name)).map(([key, value]) => [key, interpolate(String(value), REQUIRED)]),
      );
      expect(Object.keys(env).filter((key) => !known.has(key))).toEqual([]);
      expect(env).toMatchObject({ NODE_ENV: 'production', DATABASE_URL: 'postgres://portcullis:pg-secret@postgres:5432/portcullis' });
      const { error } = envSchema.validate(env, { abortEarly: false });
      expect(error?.message).toBeUndefined();
    }
    expect(environmentOf('portcullis-1')).toEqual(environmentOf('portcullis-2'));
  });

  const dockerCompose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  // Registered only where the compose plugin is installed (not on every CI machine): its own parser agrees.
  if (dockerCompose.status === 0) {
    it('passes `docker compose config`', () => {
      const run = (env: Record<string, string>) =>
        spawnSync('docker', ['compose', '-f', 'compose.yaml', 'config', '--quiet'], {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, ...env },
        });
      expect(run(REQUIRED).status).toBe(0);
      expect(run({ ...REQUIRED, JWT_SECRET: '' }).status).not.toBe(0);
    });
  }
});

describe('Dockerfile', () => {
  // Continuation lines joined, comments dropped.
  const instructions = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: string[][] = [];
  for (const line of instructions) {
    if (/^FROM\s/i.test(line)) stages.push([]);
    stages.at(-1)?.push(line);
  }
  const runtime = stages.at(-1)!;
  const has = (stage: string[], pattern: RegExp) => stage.some((line) => pattern.test(line));

  it('builds in one stage and runs from another with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0][0]).toMatch(/^FROM node:\$\{NODE_VERSION\}-slim AS build$/);
    expect(instructions).toContain('ARG NODE_VERSION=20');
    expect(has(stages[0], /^RUN npm ci\b(?!.*--omit=dev)/)).toBe(true);
    expect(has(stages[0], /^RUN npm run build$/)).toBe(true);
    expect(has(runtime, /^RUN npm ci --omit=dev\b/)).toBe(true);
    expect(has(runtime, /^COPY --from=build \/app\/dist \.\/dist$/)).toBe(true);
    expect(has(runtime, /^ENV NODE_ENV=production\b/)).toBe(true);
  });

  it('runs as an unprivileged user, exposes 4000 and checks liveness with node', () => {
    const users = runtime.filter((line) => /^USER\s/.test(line));
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^USER\s+(root|0)(:|$)/);
    // USER comes before the process starts: nothing after it switches back.
    expect(runtime.indexOf(users[0])).toBeLessThan(runtime.findIndex((line) => line.startsWith('CMD')));
    expect(runtime).toContain('EXPOSE 4000');
    const healthcheck = runtime.find((line) => line.startsWith('HEALTHCHECK'));
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*\/health\/liveliness/);
    expect(runtime.at(-1)).toBe('CMD ["node", "--enable-source-maps", "dist/main.js"]');
  });

  it('copies only what exists and .dockerignore lets through, which keeps secrets, data and builds out', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.data', 'node_modules', 'dist', '.git']));
    const sources = instructions
      .filter((line) => /^COPY\s/.test(line) && !line.includes('--from='))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src']));
    for (const source of sources) {
      expect(existsSync(join(root, source))).toBe(true);
      expect(ignored).not.toContain(source);
    }
  });
});
