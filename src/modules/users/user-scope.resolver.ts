import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { UsersService } from './users.service.js';

export const USER_RESOURCE = 'user';

/**
 * `/user/info?user_id=`: users are global resources (only global grants count), but everyone may read their own
 * record; without `user_id` the request is about the caller.
 */
@Injectable()
export class UserScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.registry.register(USER_RESOURCE, {
      label: 'User',
      resolve: async (references, principal) => {
        const requested = typeof references.user_id === 'string' ? references.user_id : null;
        const ownerUserId = requested ? ((await this.users.findByUserIdOrEmail(requested))?.id ?? null) : (principal.user?.id ?? null);
        // Unknown users still need users.read globally, so strangers cannot probe which ids exist.
        return [{ id: ownerUserId ?? requested ?? '', teamId: null, ownerUserId, ownerPermissions: ['users.read'] }];
      },
    });
  }
}
