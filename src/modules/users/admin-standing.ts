import { forbidden } from '../../common/errors/domain-error.js';
import type { Principal } from '../../auth/principal.js';
import type { RolesService } from '../rbac/roles.service.js';
import type { LitellmUserRole } from './entities/user.entity.js';

/** Whether an account is a platform admin (either flag makes one). */
export const isAdminAccount = (user: { isAdmin: boolean; userRole: LitellmUserRole }): boolean =>
  user.isAdmin || user.userRole === 'proxy_admin';

/**
 * No grant above your own: only a platform admin makes, unmakes or manages another platform admin (admin flag,
 * proxy_admin roles, password, activity, deletion). A user manager (`admin.user_management`) manages the rest.
 */
export async function assertMayTouchAdminStanding(roles: RolesService, principal: Principal, what: string): Promise<void> {
  if (await roles.isPlatformAdmin(principal)) return;
  throw forbidden(`Only platform admins can ${what}`);
}

export const grantsAdmin = (role: string | null | undefined): boolean => role?.startsWith('proxy_admin') ?? false;
