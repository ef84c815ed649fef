import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { type ResourceScope, ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { keyHashOf } from './key-lookup.js';

export const KEY_RESOURCE = 'key';

interface KeyScopeRow {
  id: string;
  team_id: string | null;
  user_id: string | null;
  personal_team_id: string | null;
}

/**
 * Tells the guard which team a key request acts in: a team key's team, or for a personal key its owner's
 * personal team (where the owner, and nobody else, holds team_admin). Owners may always read their keys.
 */
@Injectable()
export class KeyScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register(KEY_RESOURCE, (request) => this.resolve(request));
  }

  async resolve(request: FastifyRequest & { user?: Principal }): Promise<ResourceScope[]> {
    const { hashes, aliases, ownKeyId } = referencesOf(request);
    if (hashes.length === 0 && aliases.length === 0 && !ownKeyId) return [];
    const rows: KeyScopeRow[] = await this.dataSource.query(
      `SELECT k.id, k.team_id, k.user_id, pt.id AS personal_team_id
         FROM api_keys k
         LEFT JOIN teams pt ON pt.created_by = k.user_id AND pt.is_personal
        WHERE k.token_hash = ANY($1) OR k.key_alias = ANY($2) OR k.id = $3`,
      [hashes, aliases, ownKeyId],
    );
    return rows.map((row) => ({
      teamId: row.team_id ?? row.personal_team_id,
      ownerUserId: row.user_id,
      ownerPermissions: ['keys.read'],
      keyId: row.id,
    }));
  }
}

/** Where the key routes carry their key: `key`/`keys`/`key_aliases` in body, query or path. */
function referencesOf(request: FastifyRequest & { user?: Principal }) {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const params = (request.params ?? {}) as Record<string, unknown>;
  const single = [params.key, body.key, query.key].find((v): v is string => typeof v === 'string' && v.length > 0);
  const listed = Array.isArray(body.keys) ? body.keys.filter((v): v is string => typeof v === 'string') : [];
  const aliases = Array.isArray(body.key_aliases) ? body.key_aliases.filter((v): v is string => typeof v === 'string') : [];
  const references = single ? [single, ...listed] : listed;
  const hashes = references.map(keyHashOf).filter((h): h is string => h !== null);
  // GET /key/info without ?key= is about the caller's own key.
  const ownKeyId = !single && listed.length === 0 && aliases.length === 0 ? (request.user?.key?.id ?? null) : null;
  return { hashes, aliases, ownKeyId };
}
