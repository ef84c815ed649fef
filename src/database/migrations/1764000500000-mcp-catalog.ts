import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Team-scoped rows shared by every catalog table: owner, team, visibility, on/off, timestamps. */
const OWNERSHIP_COLUMNS = `
        team_id text,
        owner_email text,
        visibility text NOT NULL DEFAULT 'public',
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()`;

function ownershipConstraints(table: string): string {
  return `
        CONSTRAINT fk_${table}_team FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE,
        CONSTRAINT ck_${table}_visibility CHECK (visibility IN ('private','team','public')),
        -- Only the master key may create rows outside any team, and those are public.
        CONSTRAINT ck_${table}_team_for_restricted CHECK (visibility = 'public' OR team_id IS NOT NULL)`;
}

/**
 * MCP federation and the ContextForge catalog: gateways (upstream MCP servers) and the servers, tools, resources
 * and prompts users create or gateways import. Name uniqueness follows ContextForge: public names are unique per
 * type, team and private names unique within their team (partial unique indexes, so a 409 names the index).
 */
export class McpCatalog1764000500000 implements MigrationInterface {
  name = 'McpCatalog1764000500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE gateways (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        slug text NOT NULL,
        url text NOT NULL,
        description text,
        transport text NOT NULL DEFAULT 'SSE',
        tags jsonb NOT NULL DEFAULT '[]',
        auth_type text,
        auth_secret text,
        capabilities jsonb NOT NULL DEFAULT '{}',
        server_info jsonb,
        reachable boolean NOT NULL DEFAULT true,
        last_seen timestamptz,
        ${OWNERSHIP_COLUMNS},
        CONSTRAINT pk_gateways PRIMARY KEY (id),
        CONSTRAINT ck_gateways_transport CHECK (transport IN ('SSE','STREAMABLEHTTP')),
        CONSTRAINT ck_gateways_auth_type CHECK (auth_type IN ('basic','bearer','authheaders')),
        CONSTRAINT ck_gateways_auth_secret CHECK ((auth_type IS NULL) = (auth_secret IS NULL)),
        ${ownershipConstraints('gateways')}
      )`);
    // Imported tools and prompts are prefixed with the gateway slug, so slugs are what must not collide.
    await db.query(`CREATE UNIQUE INDEX uq_gateways_public_slug ON gateways (slug) WHERE visibility = 'public'`);
    await db.query(`CREATE UNIQUE INDEX uq_gateways_team_slug ON gateways (team_id, slug) WHERE visibility <> 'public'`);
    await db.query(`CREATE INDEX ix_gateways_team ON gateways (team_id)`);

    await db.query(`
      CREATE TABLE tools (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        original_name text NOT NULL,
        description text,
        url text,
        integration_type text NOT NULL DEFAULT 'REST',
        request_type text NOT NULL DEFAULT 'POST',
        headers jsonb NOT NULL DEFAULT '{}',
        input_schema jsonb NOT NULL DEFAULT '{"type":"object","properties":{}}',
        output_schema jsonb,
        annotations jsonb NOT NULL DEFAULT '{}',
        tags jsonb NOT NULL DEFAULT '[]',
        gateway_id uuid,
        ${OWNERSHIP_COLUMNS},
        CONSTRAINT pk_tools PRIMARY KEY (id),
        CONSTRAINT fk_tools_gateway FOREIGN KEY (gateway_id) REFERENCES gateways(id) ON DELETE CASCADE,
        CONSTRAINT ck_tools_integration_type CHECK (integration_type IN ('REST','MCP')),
        ${ownershipConstraints('tools')}
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_tools_public_name ON tools (name) WHERE visibility = 'public'`);
    await db.query(`CREATE UNIQUE INDEX uq_tools_team_name ON tools (team_id, name) WHERE visibility <> 'public'`);
    await db.query(`CREATE INDEX ix_tools_team ON tools (team_id)`);
    await db.query(`CREATE INDEX ix_tools_gateway ON tools (gateway_id) WHERE gateway_id IS NOT NULL`);

    // A resource is identified by its URI. Two gateways may well expose the same URI, so imported rows are
    // unique per gateway instead.
    await db.query(`
      CREATE TABLE resources (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        uri text NOT NULL,
        name text NOT NULL,
        description text,
        mime_type text,
        content text,
        tags jsonb NOT NULL DEFAULT '[]',
        gateway_id uuid,
        ${OWNERSHIP_COLUMNS},
        CONSTRAINT pk_resources PRIMARY KEY (id),
        CONSTRAINT fk_resources_gateway FOREIGN KEY (gateway_id) REFERENCES gateways(id) ON DELETE CASCADE,
        ${ownershipConstraints('resources')}
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_resources_public_uri ON resources (uri) WHERE visibility = 'public' AND gateway_id IS NULL`);
    await db.query(
      `CREATE UNIQUE INDEX uq_resources_team_uri ON resources (team_id, uri) WHERE visibility <> 'public' AND gateway_id IS NULL`,
    );
    await db.query(`CREATE UNIQUE INDEX uq_resources_gateway_uri ON resources (gateway_id, uri) WHERE gateway_id IS NOT NULL`);
    await db.query(`CREATE INDEX ix_resources_team ON resources (team_id)`);

    await db.query(`
      CREATE TABLE prompts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        original_name text NOT NULL,
        description text,
        template text NOT NULL DEFAULT '',
        arguments jsonb NOT NULL DEFAULT '[]',
        tags jsonb NOT NULL DEFAULT '[]',
        gateway_id uuid,
        ${OWNERSHIP_COLUMNS},
        CONSTRAINT pk_prompts PRIMARY KEY (id),
        CONSTRAINT fk_prompts_gateway FOREIGN KEY (gateway_id) REFERENCES gateways(id) ON DELETE CASCADE,
        ${ownershipConstraints('prompts')}
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_prompts_public_name ON prompts (name) WHERE visibility = 'public'`);
    await db.query(`CREATE UNIQUE INDEX uq_prompts_team_name ON prompts (team_id, name) WHERE visibility <> 'public'`);
    await db.query(`CREATE INDEX ix_prompts_team ON prompts (team_id)`);
    await db.query(`CREATE INDEX ix_prompts_gateway ON prompts (gateway_id) WHERE gateway_id IS NOT NULL`);

    // Virtual servers bundle catalog items; they are never imported, so they carry no gateway_id.
    await db.query(`
      CREATE TABLE servers (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text,
        icon text,
        tags jsonb NOT NULL DEFAULT '[]',
        ${OWNERSHIP_COLUMNS},
        CONSTRAINT pk_servers PRIMARY KEY (id),
        ${ownershipConstraints('servers')}
      )`);
    await db.query(`CREATE UNIQUE INDEX uq_servers_public_name ON servers (name) WHERE visibility = 'public'`);
    await db.query(`CREATE UNIQUE INDEX uq_servers_team_name ON servers (team_id, name) WHERE visibility <> 'public'`);
    await db.query(`CREATE INDEX ix_servers_team ON servers (team_id)`);

    for (const [table, item] of [
      ['server_tools', 'tool'],
      ['server_resources', 'resource'],
      ['server_prompts', 'prompt'],
    ] as const) {
      await db.query(`
        CREATE TABLE ${table} (
          server_id uuid NOT NULL,
          ${item}_id uuid NOT NULL,
          CONSTRAINT pk_${table} PRIMARY KEY (server_id, ${item}_id),
          CONSTRAINT fk_${table}_server FOREIGN KEY (server_id) REFERENCES servers(id) ON DELETE CASCADE,
          CONSTRAINT fk_${table}_${item} FOREIGN KEY (${item}_id) REFERENCES ${item}s(id) ON DELETE CASCADE
        )`);
      await db.query(`CREATE INDEX ix_${table}_${item} ON ${table} (${item}_id)`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['server_prompts', 'server_resources', 'server_tools', 'servers', 'prompts', 'resources', 'tools', 'gateways']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
