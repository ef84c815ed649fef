import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ResourceScopeRegistry, USER_SUBJECT_RESOLVER } from '../rbac/resource-scope.registry.js';

/** What everyone may do about themselves without a role: inspect their own roles and permissions. */
const SELF_INSPECTION = 'admin.security_audit';
import { UsersService } from './users.service.js';

export const USER_RESOURCE = 'user';

/**
 * `/user/info?user_id=`, and the RBAC routes about one user (`user-subject`).
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
    this.registry.register(USER_SUBJECT_RESOLVER, {
      label: 'User',
      resolve: async (references) => {
        const named = Object.values(references).find((value): value is string => typeof value === 'string');
        if (!named) return [];
        // By email first (ContextForge names users so), then by LiteLLM user_id, as the RBAC routes look them up.
        const user = (await this.users.findByEmail(named)) ?? (await this.users.findByUserId(named));
        // An unknown user still needs an inspector's right, so strangers cannot probe which accounts exist.
        return [{ id: user?.id ?? named, teamId: null, ownerUserId: user?.id ?? null, ownerPermissions: [SELF_INSPECTION] }];
      },
    });
  }
}
