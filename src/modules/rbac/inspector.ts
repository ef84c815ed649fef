import type { Permission } from './permission.js';

/**
 * Who may look at another user's roles and permissions: ContextForge's security auditors, and user managers. Everyone
 * may look at themselves (the `user-subject` resolver makes the user the owner of their own record).
 */
export const INSPECTOR: readonly [Permission, ...Permission[]] = ['admin.security_audit', 'admin.user_management'];
