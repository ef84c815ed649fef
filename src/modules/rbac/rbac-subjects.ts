import type { DataSource, EntityManager } from 'typeorm';
import type { Principal, PrincipalUser } from '../../auth/principal.js';
import { notFound } from '../../common/errors/domain-error.js';

export interface SubjectUser extends PrincipalUser {
  isActive: boolean;
}

interface UserRow {
  id: string;
  user_id: string;
  email: string | null;
  is_admin: boolean;
  user_role: PrincipalUser['userRole'];
  is_active: boolean;
}

/**
 * The user an RBAC route is about, named by email in the path. Users created through LiteLLM's `/user/new` may
 * have no email, so their `user_id` names them too (an email match wins).
 */
export async function findSubject(db: DataSource | EntityManager, emailOrUserId: string): Promise<SubjectUser> {
  const rows: UserRow[] = await db.query(
    `SELECT id, user_id, email, is_admin, user_role, is_active FROM users
      WHERE email = lower($1) OR user_id = $1
      ORDER BY (email = lower($1)) DESC NULLS LAST LIMIT 1`,
    [emailOrUserId],
  );
  const row = rows[0];
  if (!row) throw notFound('User');
  return { id: row.id, userId: row.user_id, email: row.email, isAdmin: row.is_admin, userRole: row.user_role, isActive: row.is_active };
}

/** The same, by internal id; null when the user no longer exists. */
export async function findSubjectById(db: DataSource | EntityManager, id: string): Promise<SubjectUser | null> {
  const rows: UserRow[] = await db.query(`SELECT id, user_id, email, is_admin, user_role, is_active FROM users WHERE id = $1`, [id]);
  const row = rows[0];
  return row
    ? { id: row.id, userId: row.user_id, email: row.email, isAdmin: row.is_admin, userRole: row.user_role, isActive: row.is_active }
    : null;
}

/**
 * The principal the user would be if they called with an un-narrowed token of their own: what the engine
 * evaluates to answer "may this user do X?" for someone else (the "explain" routes).
 */
export function principalOf(user: SubjectUser): Principal {
  const { isActive: _ignored, ...principalUser } = user;
  // No epoch: always evaluated on freshly loaded rows, never from a cache.
  return { kind: 'user_token', user: principalUser, key: null, tokenTeams: null, accessEpoch: null };
}
