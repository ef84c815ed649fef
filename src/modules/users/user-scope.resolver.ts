import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { type ResourceScope, ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';

export const USER_RESOURCE = 'user';

/**
 * `/user/info?user_id=`: users are global resources (only global grants count), but everyone may read their own
 * record; without `user_id` the request is about the caller.
 */
@Injectable()
export class UserScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register(USER_RESOURCE, (request) => this.resolve(request));
  }

  async resolve(request: FastifyRequest & { user?: Principal }): Promise<ResourceScope[]> {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const requested = typeof query.user_id === 'string' && query.user_id ? query.user_id : null;
    if (!requested) return [{ teamId: null, ownerUserId: request.user?.user?.id ?? null, ownerPermissions: ['users.read'] }];
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM users WHERE user_id = $1 OR email = lower($1) LIMIT 1`, [requested]);
    // Unknown users still need users.read globally, so strangers cannot probe which ids exist.
    return [{ teamId: null, ownerUserId: rows[0]?.id ?? null, ownerPermissions: ['users.read'] }];
  }
}
