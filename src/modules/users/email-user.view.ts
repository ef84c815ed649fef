import type { UserEntity } from './entities/user.entity.js';

/** A user as ContextForge clients see it (`EmailUserResponse`): no hash, no internal id, no LiteLLM budgets. */
export function toEmailUser(user: UserEntity) {
  return {
    email: user.email,
    full_name: user.fullName,
    is_admin: user.isAdmin,
    is_active: user.isActive,
    auth_provider: user.authProvider,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    last_login: user.lastLogin?.toISOString() ?? null,
    email_verified: user.emailVerified,
    password_change_required: user.passwordChangeRequired,
  };
}

export type EmailUserView = ReturnType<typeof toEmailUser>;
