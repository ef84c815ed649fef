import type { Principal } from '../../auth/principal.js';
import { notFound } from '../../common/errors/domain-error.js';
import type { SubjectDirectory, SubjectUser } from './subject-directory.js';

/**
 * The user an RBAC route is about, named by email in the path. Users created through LiteLLM's `/user/new` may
 * have no email, so their `user_id` names them too (an email match wins). The users module answers.
 */
export async function findSubject(directory: SubjectDirectory, emailOrUserId: string): Promise<SubjectUser> {
  const user = await directory.users.findByEmailOrUserId(emailOrUserId);
  if (!user) throw notFound('User');
  return user;
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
