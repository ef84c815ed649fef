import { describe, expect, it } from '@jest/globals';
import { INVALID_TEAMS_CLAIM, narrowsPlatformReach, teamClaimsOf, tokenTeamsFor } from './token-team-claims.js';

const MISSING = Symbol('missing');
type Teams = unknown | typeof MISSING;

function payload(teams: Teams, options: { tokenUse?: string; claimsAdmin?: boolean; topLevelAdmin?: boolean } = {}) {
  const body: Record<string, unknown> = { sub: 'u@example.com' };
  if (teams !== MISSING) body.teams = teams;
  if (options.tokenUse) body.token_use = options.tokenUse;
  if (options.claimsAdmin) body.user = { email: 'u@example.com', is_admin: true };
  if (options.topLevelAdmin) body.is_admin = true;
  return body;
}

// [case, teams claim, token_use, token says admin, database says admin, expected tokenTeams]
const TABLE: Array<[string, Teams, string | undefined, boolean, boolean, string[] | null]> = [
  // ContextForge API/helper tokens (no token_use, or anything but "session")
  ['missing teams: public only', MISSING, undefined, false, false, []],
  ['missing teams, admin claim: still public only', MISSING, undefined, true, true, []],
  ['null teams, not admin: public only', null, undefined, false, false, []],
  ['null teams, database admin without the claim: public only', null, undefined, false, true, []],
  ['null teams, admin claim: unrestricted', null, undefined, true, true, null],
  ['null teams, admin claim the database denies: unrestricted = their own teams', null, undefined, true, false, null],
  ['empty teams: public only', [], undefined, false, false, []],
  ['empty teams, admin: public only, even for an admin', [], undefined, true, true, []],
  ['a list narrows', ['t1', 't2'], undefined, false, false, ['t1', 't2']],
  ['a list narrows an admin too', ['t1'], undefined, true, true, ['t1']],
  ['{id} objects are read', [{ id: 't1' }, { name: 'no id' }, 't2'], undefined, false, false, ['t1', 't2']],
  ['other token_use values are not sessions', MISSING, 'api', false, false, []],
  // session tokens: teams from the database
  ['session, missing teams: the database teams', MISSING, 'session', false, false, null],
  ['session, null teams: the database teams', null, 'session', false, false, null],
  ['session, empty teams: the database teams', [], 'session', false, false, null],
  ['session, a list narrows', ['t1'], 'session', false, false, ['t1']],
  ['session, a list of nothing usable: public only', [{ name: 'x' }], 'session', false, false, []],
  ['session, database admin: unrestricted', ['t1'], 'session', false, true, null],
];

describe('token teams claim (ContextForge normalize_token_teams, database as authority)', () => {
  it.each(TABLE)('%s', (_name, teams, tokenUse, claimsAdmin, databaseAdmin, expected) => {
    expect(tokenTeamsFor(teamClaimsOf(payload(teams, { tokenUse, claimsAdmin })), databaseAdmin)).toEqual(expected);
  });

  it('reads a top-level is_admin claim as ContextForge does', () => {
    expect(tokenTeamsFor(teamClaimsOf(payload(null, { topLevelAdmin: true })), true)).toBeNull();
  });

  it.each([
    ['a string', 't1'],
    ['a number', 7],
    ['an object', { id: 't1' }],
    ['true', true],
  ])('refuses a teams claim that is %s', (_name, teams) => {
    expect(tokenTeamsFor(teamClaimsOf(payload(teams)), false)).toBe(INVALID_TEAMS_CLAIM);
    expect(tokenTeamsFor(teamClaimsOf(payload(teams, { tokenUse: 'session' })), false)).toBe(INVALID_TEAMS_CLAIM);
  });

  it.each([
    ['user_token', null, false],
    ['user_token', [], true],
    ['user_token', ['t1'], true],
    ['virtual_key', ['t1'], false],
    ['master_key', null, false],
  ] as const)('%s with tokenTeams %j narrows platform reach: %s', (kind, teams, expected) => {
    expect(narrowsPlatformReach(kind, teams)).toBe(expected);
  });
});
