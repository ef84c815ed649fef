import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ResolvedResource, ResourceScopeRegistry, type ScopeReferences } from '../rbac/resource-scope.registry.js';

export const TOKEN_RESOURCE = 'tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tells the guard which API token `/tokens/{token_id}` names: decided globally, owned by its creator, and seen only
 * by them and platform admins (`ownerOnly`: anyone else gets "Token not found", as upstream filters by owner).
 * Virtual keys share the table and are never found here.
 */
@Injectable()
export class TokenScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register(TOKEN_RESOURCE, { label: 'Token', resolve: (references) => this.resolve(references) });
  }

  async resolve(references: ScopeReferences): Promise<ResolvedResource[]> {
    const id = references.token_id;
    if (typeof id !== 'string' || !UUID.test(id)) return [];
    const rows: { id: string; user_id: string | null }[] = await this.dataSource.query(
      `SELECT id, user_id FROM api_keys WHERE id = $1 AND kind = 'api_token'`,
      [id],
    );
    return rows.map((row) => ({
      id: row.id,
      teamId: null,
      ownerUserId: row.user_id,
      ownerPermissions: ['tokens.read', 'tokens.update', 'tokens.revoke'],
      ownerOnly: true,
    }));
  }
}
