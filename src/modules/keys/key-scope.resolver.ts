import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TeamsService } from '../teams/teams.service.js';
import type { Principal } from '../../auth/principal.js';
import { type ResolvedResource, ResourceScopeRegistry, type ScopeReferences } from '../rbac/resource-scope.registry.js';
import { keyHashOf } from './key-lookup.js';

export const KEY_RESOURCE = 'key';

interface KeyScopeRow {
  id: string;
  team_id: string | null;
  user_id: string | null;
}

/**
 * Tells the guard which keys a key request names and which team each acts in: a team key's team, or for a
 * personal key its owner's personal team (where the owner, and nobody else, holds team_admin). Owners may always
 * read their keys. The handler then acts on exactly the keys found here.
 */
@Injectable()
export class KeyScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly dataSource: DataSource,
    private readonly teams: TeamsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(KEY_RESOURCE, { label: 'Key', resolve: (references, principal) => this.resolve(references, principal) });
  }

  async resolve(references: ScopeReferences, principal: Principal): Promise<ResolvedResource[]> {
    const { hashes, aliases, ownKeyId } = referencesOf(references, principal);
    if (hashes.length === 0 && aliases.length === 0 && !ownKeyId) return [];
    const rows: KeyScopeRow[] = await this.dataSource.query(
      `SELECT k.id, k.team_id, k.user_id
         FROM api_keys k
        WHERE k.kind = 'virtual_key' AND (k.token_hash = ANY($1) OR k.key_alias = ANY($2) OR k.id = $3)
        ORDER BY k.created_at, k.id`,
      [hashes, aliases, ownKeyId],
    );
    // Personal keys act in their owner's personal team: the teams module says which (asked only when one is).
    const personalOwners = rows.flatMap((row) => (row.team_id === null && row.user_id !== null ? [row.user_id] : []));
    const personalTeamOf = personalOwners.length ? await this.teams.personalTeamIdsOf(personalOwners) : new Map<string, string>();
    return rows.map((row) => ({
      id: row.id,
      teamId: row.team_id ?? (row.user_id ? (personalTeamOf.get(row.user_id) ?? null) : null),
      ownerUserId: row.user_id,
      ownerPermissions: ['keys.read'],
      keyId: row.id,
    }));
  }
}

/** The declared `key` (one), `keys` and `key_aliases` (lists); nothing named means the caller's own key. */
function referencesOf(references: ScopeReferences, principal: Principal) {
  const list = (value: string | readonly string[] | undefined): readonly string[] =>
    value === undefined ? [] : typeof value === 'string' ? [value] : value;
  const named = [...list(references.key), ...list(references.keys)];
  const aliases = list(references.key_aliases);
  const hashes = named.map(keyHashOf).filter((h): h is string => h !== null);
  // GET /key/info without ?key= is about the caller's own key.
  // An API token is no LiteLLM key: it has no key of its own to show.
  const ownKey = principal.key?.kind === 'virtual_key' ? principal.key.id : null;
  const ownKeyId = named.length === 0 && aliases.length === 0 ? ownKey : null;
  return { hashes, aliases: [...aliases], ownKeyId };
}
