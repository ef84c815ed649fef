import { MASTER_KEY } from '../test/support/test-app.js';
import { userToken } from '../test/support/tokens.js';

/** The callers the HTTP scenarios use, created through the LiteLLM routes as a LiteLLM admin would. */
export interface BenchCallers {
  teamId: string;
  /** A team key: the resource /key/info is asked about. */
  teamKey: string;
  /** The member's own virtual key (created by /user/new). */
  memberKey: string;
  /** A ContextForge-style user JWT for the same member. */
  memberJwt: string;
}

async function postAsAdmin<T>(baseUrl: string, path: string, body: object): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`seed ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function seedCallers(baseUrl: string): Promise<BenchCallers> {
  const email = 'bench-member@example.com';
  const team = await postAsAdmin<{ team_id: string }>(baseUrl, '/team/new', { team_alias: 'bench-team' });
  // user_id = email so the JWT's `sub` finds the same user.
  const member = await postAsAdmin<{ key: string | null }>(baseUrl, '/user/new', {
    user_id: email,
    user_email: email,
    team_id: team.team_id,
  });
  const teamKey = await postAsAdmin<{ key: string }>(baseUrl, '/key/generate', { team_id: team.team_id });
  if (!member.key) throw new Error('seed /user/new: no personal key in the answer');
  return { teamId: team.team_id, teamKey: teamKey.key, memberKey: member.key, memberJwt: userToken(email, { expiresIn: 3600 }) };
}
