import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Habit 11: each module owns its tables; another module asks its service. This reads every module's sources
 * (specs and `entities/` aside: entities may declare foreign-key relations to other modules' entities, schema
 * only) and lists each place a module names someone else's table in SQL, or opens a repository / query builder
 * on someone else's entity. `src/auth/principal-loader.service.ts` (the one-statement credential read on the hot
 * path) and `src/database/**` (migrations, bootstrap) are outside `src/modules` and deliberately not scanned.
 */
const OWNERS: Record<string, readonly string[]> = {
  users: ['users', 'password_reset_tokens', 'login_backoff'],
  teams: ['teams', 'team_members', 'team_invitations', 'team_join_requests'],
  keys: ['api_keys'],
  organizations: ['organizations', 'organization_members'],
  rbac: ['roles', 'role_assignments', 'access_epoch'],
  gateways: ['gateways'],
  audit: ['audit_events'],
  catalog: ['servers', 'tools', 'resources', 'prompts', 'server_tools', 'server_resources', 'server_prompts'],
};

const MODULES_DIR = join(process.cwd(), 'src', 'modules');

const ownerOfTable = new Map(Object.entries(OWNERS).flatMap(([module, tables]) => tables.map((table) => [table, module] as const)));

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'entities' ? [] : sourcesOf(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function entityFilesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entityFilesOf(path);
    return path.split(sep).includes('entities') && entry.name.endsWith('.ts') ? [path] : [];
  });
}

const moduleOf = (path: string): string => relative(MODULES_DIR, path).split(sep)[0];

/** Entity class name -> the module whose `entities/` declares it. */
function entityOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of entityFilesOf(MODULES_DIR)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/export class (\w+Entity)\b/g)) owners.set(match[1], moduleOf(file));
  }
  return owners;
}

/** SQL text (`FROM users`, `JOIN teams t`, `INSERT INTO team_members`, `UPDATE "tools"`) and query-builder calls. */
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|USING)\s+"?([a-z_]+)"?/g;
const QUERY_BUILDER_TABLE =
  /\.(?:from|into|update|delete|(?:left|inner)?[jJ]oin(?:AndSelect)?|(?:left|inner)?[jJ]oinAndMapOne)\(\s*['"`]([a-z_]+)['"`]/g;
/** `getRepository(UserEntity)`, `@InjectRepository(TeamEntity)`, `tx.findOneBy(TeamEntity, ...)`. */
const ENTITY_ACCESS =
  /\b(getRepository|InjectRepository|createQueryBuilder|find|findBy|findOne|findOneBy|findOneOrFail|findOneByOrFail|findAndCount|count|countBy|exists|existsBy|save|insert|update|upsert|delete|remove|increment|decrement)\(\s*(\w+Entity)\b/g;

function violationsIn(file: string, text: string, entities: Map<string, string>): string[] {
  const module = moduleOf(file);
  const name = relative(process.cwd(), file);
  const found: string[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const regex of [SQL_TABLE, QUERY_BUILDER_TABLE]) {
    for (const match of text.matchAll(regex)) {
      const owner = ownerOfTable.get(match[1]);
      if (owner !== undefined && owner !== module) {
        found.push(`${name}:${lineOf(match.index)} uses table ${match[1]} (owned by ${owner}): ${match[0].replace(/\s+/g, ' ')}`);
      }
    }
  }
  for (const match of text.matchAll(ENTITY_ACCESS)) {
    const owner = entities.get(match[2]);
    if (owner !== undefined && owner !== module) {
      found.push(`${name}:${lineOf(match.index)} ${match[1]}(${match[2]}) on an entity owned by ${owner}`);
    }
  }
  return found;
}

describe('table ownership', () => {
  it('knows every table the entities declare', () => {
    const declared = entityFilesOf(MODULES_DIR).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/@Entity\('([a-z_]+)'\)/g)].map((m) => [m[1], moduleOf(file)]),
    );
    expect(declared.length).toBeGreaterThan(10);
    for (const [table, module] of declared) expect(`${table} -> ${ownerOfTable.get(table)}`).toBe(`${table} -> ${module}`);
  });

  it('finds a planted violation', () => {
    const entities = entityOwners();
    const plant = join(MODULES_DIR, 'keys', 'planted.ts');
    const text = 'await tx.query(`SELECT 1 FROM teams t JOIN team_members m ON true`);\nrepo = tx.getRepository(UserEntity);';
    expect(violationsIn(plant, text, entities)).toEqual([
      expect.stringContaining('uses table teams (owned by teams)'),
      expect.stringContaining('uses table team_members (owned by teams)'),
      expect.stringContaining('getRepository(UserEntity) on an entity owned by users'),
    ]);
    expect(violationsIn(join(MODULES_DIR, 'teams', 'planted.ts'), text.split('\n')[0], entities)).toEqual([]);
  });

  it('no module touches another module’s tables', () => {
    const entities = entityOwners();
    const violations = sourcesOf(MODULES_DIR).flatMap((file) => violationsIn(file, readFileSync(file, 'utf8'), entities));
    expect(violations).toEqual([]);
  });
});
