import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity, teams, RBAC and virtual keys: the tables both API surfaces share. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id text NOT NULL,
        email text,
        password_hash text,
        full_name text,
        user_alias text,
        user_role text NOT NULL DEFAULT 'internal_user',
        is_admin boolean NOT NULL DEFAULT false,
        is_active boolean NOT NULL DEFAULT true,
        auth_provider text NOT NULL DEFAULT 'local',
        email_verified boolean NOT NULL DEFAULT false,
        password_change_required boolean NOT NULL DEFAULT false,
        failed_login_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_login timestamptz,
        max_budget double precision,
        spend double precision NOT NULL DEFAULT 0,
        budget_duration text,
        models jsonb NOT NULL DEFAULT '[]',
        metadata jsonb NOT NULL DEFAULT '{}',
        tpm_limit integer,
        rpm_limit integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT uq_users_user_id UNIQUE (user_id),
        CONSTRAINT uq_users_email UNIQUE (email),
        CONSTRAINT ck_users_user_role CHECK (user_role IN ('proxy_admin','proxy_admin_viewer','internal_user','internal_user_viewer')),
        CONSTRAINT ck_users_email_lower CHECK (email = lower(email))
      )`);
    await db.query(`
      CREATE TABLE teams (
        id text NOT NULL DEFAULT gen_random_uuid()::text,
        name text,
        slug text NOT NULL,
        description text,
        created_by uuid,
        is_personal boolean NOT NULL DEFAULT false,
        visibility text NOT NULL DEFAULT 'private',
        max_members integer,
        is_active boolean NOT NULL DEFAULT true,
        blocked boolean NOT NULL DEFAULT false,
        member_permissions jsonb NOT NULL DEFAULT '[]',
        models jsonb NOT NULL DEFAULT '[]',
        max_budget double precision,
        spend double precision NOT NULL DEFAULT 0,
        budget_duration text,
        tpm_limit integer,
        rpm_limit integer,
        metadata jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_teams PRIMARY KEY (id),
        CONSTRAINT uq_teams_slug UNIQUE (slug),
        CONSTRAINT fk_teams_created_by FOREIGN KEY (created_by) REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT ck_teams_visibility CHECK (visibility IN ('private','public'))
      )`);
    // One personal team per user: the anchor of the user's personal scope.
    await db.query(`CREATE UNIQUE INDEX uq_teams_personal_owner ON teams (created_by) WHERE is_personal`);
    await db.query(`
      CREATE TABLE team_members (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        team_id text NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        invited_by uuid,
        is_active boolean NOT NULL DEFAULT true,
        max_budget_in_team double precision,
        spend double precision NOT NULL DEFAULT 0,
        CONSTRAINT pk_team_members PRIMARY KEY (id),
        CONSTRAINT uq_team_members_team_user UNIQUE (team_id, user_id),
        CONSTRAINT fk_team_members_team FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE,
        CONSTRAINT fk_team_members_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT fk_team_members_invited_by FOREIGN KEY (invited_by) REFERENCES users(id) ON DELETE SET NULL,
        CONSTRAINT ck_team_members_role CHECK (role IN ('owner','member'))
      )`);
    await db.query(`CREATE INDEX ix_team_members_user ON team_members (user_id)`);
    await db.query(`
      CREATE TABLE roles (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text,
        scope text NOT NULL,
        permissions jsonb NOT NULL DEFAULT '[]',
        inherits_from uuid,
        created_by text,
        is_system_role boolean NOT NULL DEFAULT false,
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_roles PRIMARY KEY (id),
        CONSTRAINT uq_roles_name UNIQUE (name),
        CONSTRAINT fk_roles_inherits_from FOREIGN KEY (inherits_from) REFERENCES roles(id) ON DELETE RESTRICT,
        CONSTRAINT ck_roles_scope CHECK (scope IN ('global','team','personal'))
      )`);
    await db.query(`
      CREATE TABLE role_assignments (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        role_id uuid NOT NULL,
        scope text NOT NULL,
        scope_id text,
        granted_by text,
        granted_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        is_active boolean NOT NULL DEFAULT true,
        revoked_at timestamptz,
        CONSTRAINT pk_role_assignments PRIMARY KEY (id),
        CONSTRAINT fk_role_assignments_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT fk_role_assignments_role FOREIGN KEY (role_id) REFERENCES roles(id) ON DELETE CASCADE,
        CONSTRAINT fk_role_assignments_team FOREIGN KEY (scope_id) REFERENCES teams(id) ON DELETE CASCADE,
        CONSTRAINT ck_role_assignments_scope CHECK (scope IN ('global','team','personal')),
        CONSTRAINT ck_role_assignments_scope_id CHECK ((scope = 'global') = (scope_id IS NULL))
      )`);
    await db.query(
      `CREATE UNIQUE INDEX uq_role_assignments_active ON role_assignments (user_id, role_id, scope, coalesce(scope_id, '')) WHERE is_active`,
    );
    await db.query(`CREATE INDEX ix_role_assignments_user ON role_assignments (user_id) WHERE is_active`);
    await db.query(`
      CREATE TABLE api_keys (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        key_name text NOT NULL,
        key_alias text,
        user_id uuid,
        team_id text,
        models jsonb NOT NULL DEFAULT '[]',
        max_budget double precision,
        spend double precision NOT NULL DEFAULT 0,
        budget_duration text,
        tpm_limit integer,
        rpm_limit integer,
        max_parallel_requests integer,
        metadata jsonb NOT NULL DEFAULT '{}',
        permissions jsonb NOT NULL DEFAULT '{}',
        tags jsonb NOT NULL DEFAULT '[]',
        key_type text,
        blocked boolean NOT NULL DEFAULT false,
        expires_at timestamptz,
        previous_token_hash text,
        previous_token_expires_at timestamptz,
        created_by text,
        updated_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_api_keys PRIMARY KEY (id),
        CONSTRAINT uq_api_keys_token_hash UNIQUE (token_hash),
        CONSTRAINT uq_api_keys_key_alias UNIQUE (key_alias),
        CONSTRAINT fk_api_keys_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT fk_api_keys_team FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE
      )`);
    await db.query(`CREATE INDEX ix_api_keys_previous_token_hash ON api_keys (previous_token_hash) WHERE previous_token_hash IS NOT NULL`);
    await db.query(`CREATE INDEX ix_api_keys_user ON api_keys (user_id)`);
    await db.query(`CREATE INDEX ix_api_keys_team ON api_keys (team_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['api_keys', 'role_assignments', 'roles', 'team_members', 'teams', 'users']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
