import { describe, expect, it } from '@jest/globals';
import { evaluate, keyManagedTeams } from './access-evaluator.js';
import type { AccessSnapshot, AssignmentGrant, DecisionContext, MembershipGrant, ResourceFacts } from './access-snapshot.js';
import { effectiveMemberRoutes } from './litellm-member-routes.js';
import { SYSTEM_ROLES } from './system-roles.js';

/**
 * The rules issue 8 moved into the engine, as tables: visibility × caller × owner, viewer roles and key types ×
 * permission, personal-scope roles × context, and the team audiences (members-only rosters, joinable teams).
 */
const ME = 'user-me';
const OTHER = 'user-other';
const PERSONAL = 'team-personal';
const A = 'team-a';
const B = 'team-b';

const roleSet = (name: string): Set<string> => new Set(SYSTEM_ROLES.find((r) => r.name === name)!.permissions);
let nextId = 0;
const assignment = (
  roleName: string,
  scope: AssignmentGrant['scope'],
  scopeId: string | null,
  permissions?: Set<string>,
): AssignmentGrant => ({
  assignmentId: `as-${nextId++}`,
  roleId: roleName,
  roleName,
  scope,
  scopeId,
  expiresAt: null,
  permissions: permissions ?? roleSet(roleName),
});
const membership = (teamId: string, role: MembershipGrant['role'], memberRoutes: string[] | null = null): MembershipGrant => ({
  teamId,
  role,
  isPersonal: teamId === PERSONAL,
  memberRoutes: effectiveMemberRoutes(memberRoutes),
});

function caller(extra: Partial<AccessSnapshot> & { teams?: MembershipGrant[]; roles?: AssignmentGrant[] } = {}): AccessSnapshot {
  const { teams = [], roles = [], ...rest } = extra;
  const memberships = [membership(PERSONAL, 'owner'), ...teams];
  return {
    userId: ME,
    callerId: 'me',
    isPlatformAdmin: false,
    personalTeamId: PERSONAL,
    memberships: new Map(memberships.map((m) => [m.teamId, m])),
    assignments: [assignment('platform_viewer', 'global', null), assignment('team_admin', 'team', PERSONAL), ...roles],
    tokenTeams: null,
    keyId: null,
    keyTeamId: null,
    keyType: null,
    keyAllowedRoutes: [],
    narrowedToken: false,
    apiToken: null,
    readOnlyRole: false,
    organizations: new Map(),
    organizationTeams: new Map(),
    usersMayCreateTeams: true,
    ...rest,
  };
}

const developerOfA = () => caller({ teams: [membership(A, 'member')], roles: [assignment('developer', 'team', A)] });
const formerDeveloperOfA = () => caller({ roles: [assignment('developer', 'team', A)] });
const outsider = () => caller({ teams: [membership(B, 'member')], roles: [assignment('developer', 'team', B)] });
const platformAdmin = () => caller({ isPlatformAdmin: true });
const auditor = () => caller({ roles: [assignment('auditor', 'global', null, new Set(['audit:read']))] });
const publicOnlyToken = () => ({ ...developerOfA(), tokenTeams: [] });
const masterKey = () => caller({ userId: null, isPlatformAdmin: true, personalTeamId: null, memberships: new Map(), assignments: [] });

const inA: DecisionContext = { kind: 'team', teamId: A };
const row = (visibility: ResourceFacts['visibility'], ownerUserId: string | null): ResourceFacts => ({
  visibility,
  ownerUserId,
  ownerPermissions: ['tools.read', 'tools.update', 'tools.delete'],
});

type Row = [caller: string, snapshot: () => AccessSnapshot, facts: ResourceFacts, read: boolean, update: boolean];

// A tool in team A, read with tools.read and changed with tools.update (developers hold both in their team).
const visibility: Row[] = [
  ['developer of A', developerOfA, row('public', OTHER), true, true],
  ['developer of A', developerOfA, row('team', OTHER), true, true],
  ['developer of A', developerOfA, row('private', OTHER), false, false],
  ['developer of A', developerOfA, row('private', ME), true, true],
  ['owner who left A', formerDeveloperOfA, row('public', ME), true, false],
  ['owner who left A', formerDeveloperOfA, row('team', ME), false, false],
  ['owner who left A', formerDeveloperOfA, row('private', ME), false, false],
  ['outsider', outsider, row('public', OTHER), true, false],
  ['outsider', outsider, row('team', OTHER), false, false],
  ['outsider', outsider, row('private', OTHER), false, false],
  ['platform admin', platformAdmin, row('team', OTHER), true, true],
  ['platform admin', platformAdmin, row('private', OTHER), false, false],
  ['master key', masterKey, row('private', null), false, false],
  ['auditor', auditor, row('team', OTHER), true, false],
  ['auditor', auditor, row('private', OTHER), false, false],
  ['public-only token of a developer of A', publicOnlyToken, row('team', OTHER), false, false],
  ['public-only token of a developer of A', publicOnlyToken, row('private', ME), false, false],
  ['public-only token of a developer of A', publicOnlyToken, row('public', OTHER), true, false],
];

describe('engine rules: visibility × caller × owner', () => {
  for (const [who, snapshot, facts, read, update] of visibility) {
    const what = `${facts.visibility} row owned by ${facts.ownerUserId === ME ? 'the caller' : 'someone else'}`;
    it(`${who}, ${what}: read ${read}, update ${update}`, () => {
      expect(evaluate(snapshot(), 'tools.read', inA, facts).granted).toBe(read);
      expect(evaluate(snapshot(), 'tools.update', inA, facts).granted).toBe(update);
      if (!read) expect(evaluate(snapshot(), 'tools.read', inA, facts).reason).toBe('NOT_VISIBLE');
    });
  }
});

describe('engine rules: viewer roles and key types × permission', () => {
  const cases: [label: string, snapshot: () => AccessSnapshot, permission: string, granted: boolean, reason?: string][] = [
    ['viewer role reads its keys', () => caller({ readOnlyRole: true }), 'keys.read', true],
    ['viewer role generates no key, even in its personal team', () => caller({ readOnlyRole: true }), 'keys.generate', false, 'READ_ONLY'],
    ['viewer role creates no tool', () => caller({ readOnlyRole: true }), 'tools.create', false, 'READ_ONLY'],
    ['an admin flag outranks a viewer role', () => ({ ...platformAdmin(), readOnlyRole: true }), 'keys.generate', true],
    ['read_only key reads', () => caller({ keyType: 'read_only' }), 'keys.read', true],
    ['read_only key generates nothing', () => caller({ keyType: 'read_only' }), 'keys.generate', false, 'KEY_TYPE'],
    ['read_only key of an admin still only reads', () => ({ ...platformAdmin(), keyType: 'read_only' }), 'teams.update', false, 'KEY_TYPE'],
    ['llm_api key manages nothing, not even reads', () => caller({ keyType: 'llm_api' }), 'keys.read', false, 'KEY_TYPE'],
    ['management key manages', () => caller({ keyType: 'management' }), 'keys.generate', true],
    ['default key manages', () => caller({ keyType: 'default' }), 'keys.generate', true],
  ];
  for (const [label, snapshot, permission, granted, reason] of cases) {
    it(label, () => {
      const decision = evaluate(snapshot(), permission, { kind: 'team', teamId: PERSONAL });
      expect({ granted: decision.granted, reason: decision.reason }).toEqual({ granted, reason });
    });
  }
});

describe("engine rules: a key's allowed_routes × route", () => {
  const limited = (allowed: string[]) => () => caller({ keyAllowedRoutes: allowed });
  const cases: [allowed: string[], route: string | undefined, permission: string, granted: boolean][] = [
    [[], '/key/generate', 'keys.generate', true],
    [['/key/info'], '/key/info', 'keys.read', true],
    [['/key/info'], '/key/generate', 'keys.generate', false],
    [['/key/{key_id}/regenerate'], '/key/:key/regenerate', 'keys.regenerate', true],
    [['/key/*'], '/key/update', 'keys.update', true],
    [['/key/*'], '/team/update', 'teams.update', false],
    [['info_routes'], '/key/info', 'keys.read', true],
    [['info_routes'], '/key/update', 'keys.update', false],
    [['management_routes'], '/team/update', 'teams.read', true],
    [['llm_api_routes'], '/key/info', 'keys.read', false],
    // Not a request (the explain endpoint): no route to restrict.
    [['/key/info'], undefined, 'keys.generate', true],
  ];
  for (const [allowed, route, permission, granted] of cases) {
    it(`${JSON.stringify(allowed)} calling ${route ?? '(no route)'}: ${granted}`, () => {
      const decision = evaluate(limited(allowed)(), permission, { kind: 'team', teamId: PERSONAL }, {}, new Date(), route);
      expect({ granted: decision.granted, reason: decision.reason }).toEqual(
        granted ? { granted, reason: undefined } : { granted, reason: 'KEY_ROUTES' },
      );
    });
  }
});

describe('engine rules: personal-scope roles × context', () => {
  const withPersonalRole = () =>
    caller({ teams: [membership(A, 'member')], roles: [assignment('personal-tools', 'personal', PERSONAL, new Set(['tools.create']))] });
  const contexts: [label: string, context: DecisionContext, granted: boolean][] = [
    ['its personal team', { kind: 'team', teamId: PERSONAL }, true],
    ['a team the holder is in', inA, false],
    ['any team', { kind: 'any' }, false],
    ['global', { kind: 'global' }, false],
  ];
  for (const [label, context, granted] of contexts) {
    it(`counts in ${label}: ${granted}`, () => {
      // team_admin of the personal team would grant tools.create there anyway: drop it to see the role alone.
      const snapshot = withPersonalRole();
      const alone = { ...snapshot, assignments: snapshot.assignments.filter((a) => a.roleName === 'personal-tools') };
      expect(evaluate(alone, 'tools.create', context).granted).toBe(granted);
    });
  }
});

describe('engine rules: team audiences and team keys', () => {
  const privateTeam: ResourceFacts = { visibility: 'team' };
  const publicTeam: ResourceFacts = { visibility: 'public' };
  const cases: [label: string, snapshot: () => AccessSnapshot, facts: ResourceFacts, granted: boolean, reason?: string][] = [
    ['member reads a private team', developerOfA, privateTeam, true],
    ['outsider: a private team does not exist', outsider, privateTeam, false, 'NOT_VISIBLE'],
    ['outsider reads a public team', outsider, publicTeam, true],
    ["outsider: a public team's roster is members-only", outsider, { ...publicTeam, membersOnly: true }, false, 'NOT_TEAM_MEMBER'],
    ["member reads its team's roster", developerOfA, { ...privateTeam, membersOnly: true }, true],
    ['auditor reads any roster', auditor, { ...privateTeam, membersOnly: true }, true],
    [
      'an ownerless team key reads its team',
      () => caller({ userId: null, memberships: new Map(), assignments: [], keyTeamId: A }),
      privateTeam,
      true,
    ],
    ["a member's team key reads the team", () => ({ ...developerOfA(), keyTeamId: A, tokenTeams: [A] }), privateTeam, true],
    [
      "a former member's team key does not",
      () => ({ ...formerDeveloperOfA(), assignments: [], keyTeamId: A, tokenTeams: [A] }),
      privateTeam,
      false,
      'NOT_VISIBLE',
    ],
  ];
  for (const [label, snapshot, facts, granted, reason] of cases) {
    it(label, () => {
      const decision = evaluate(snapshot(), 'teams.read', inA, facts);
      expect({ granted: decision.granted, reason: decision.reason }).toEqual({ granted, reason });
    });
  }

  it('a private team is joined by invitation only, whoever asks', () => {
    for (const snapshot of [outsider(), platformAdmin()]) {
      expect(evaluate(snapshot, 'teams.join', inA, { joinable: false }).reason).toBe('NOT_JOINABLE');
      expect(evaluate(snapshot, 'teams.join', inA, { joinable: true }).granted).toBe(true);
    }
  });
});

describe("engine rules: creating a team of one's own × platform policy × caller", () => {
  const closed = (snapshot: AccessSnapshot): AccessSnapshot => ({ ...snapshot, usersMayCreateTeams: false });
  const teamCreator = () => caller({ roles: [assignment('team-creator', 'global', null, new Set(['teams.create']))] });
  const ownTeam: ResourceFacts = { createsOwnTeam: true };
  const global: DecisionContext = { kind: 'global' };
  const cases: [
    label: string,
    snapshot: () => AccessSnapshot,
    facts: ResourceFacts,
    context: DecisionContext,
    granted: boolean,
    reason?: string,
    source?: string,
  ][] = [
    ['a user creates a team of their own (allowed by default)', developerOfA, ownTeam, global, true, undefined, 'team_creation'],
    ['a user with a public-only token too (upstream counts no token narrowing here)', publicOnlyToken, ownTeam, global, true],
    ['a user with their own key too', () => caller({ keyId: 'k1', keyType: 'default' }), ownTeam, global, true],
    ['ALLOW_TEAM_CREATION=false: a user is refused', () => closed(developerOfA()), ownTeam, global, false, 'TEAM_CREATION_DISABLED'],
    ['ALLOW_TEAM_CREATION=false: a platform admin still creates', () => closed(platformAdmin()), ownTeam, global, true],
    ['ALLOW_TEAM_CREATION=false: the master key still creates', () => closed(masterKey()), ownTeam, global, true],
    ['ALLOW_TEAM_CREATION=false: a role granting teams.create still counts', () => closed(teamCreator()), ownTeam, global, true],
    [
      'an ownerless team key is not a user',
      () => caller({ userId: null, assignments: [], keyTeamId: A }),
      ownTeam,
      global,
      false,
      'ADMIN_ONLY',
    ],
    ['a viewer role creates nothing', () => caller({ readOnlyRole: true }), ownTeam, global, false, 'READ_ONLY'],
    ['a read_only key creates nothing', () => caller({ keyType: 'read_only' }), ownTeam, global, false, 'KEY_TYPE'],
    // LiteLLM's /team/new does not state the fact: roles alone decide (proxy admins), as before.
    ['without the fact (LiteLLM /team/new), a user is refused', developerOfA, {}, global, false, 'ADMIN_ONLY'],
    ['without the fact, a platform admin creates', platformAdmin, {}, global, true],
    ['and only when decided globally (not inside a team)', developerOfA, ownTeam, inA, false],
  ];
  for (const [label, snapshot, facts, context, granted, reason, source] of cases) {
    it(label, () => {
      const decision = evaluate(snapshot(), 'teams.create', context, facts);
      expect(decision.granted).toBe(granted);
      if (reason) expect(decision.reason).toBe(reason);
      if (source) expect(decision.grantedBy.map((g) => g.source)).toEqual([source]);
    });
  }

  it('the fact grants teams.create and nothing else', () => {
    for (const permission of ['teams.update', 'teams.delete', 'teams.manage_members', 'admin.user_management']) {
      expect(evaluate(developerOfA(), permission, global, ownTeam).granted).toBe(false);
    }
  });
});

describe("engine rules: a user's own row outside any team (a join request)", () => {
  // What the join-request resolver tells the engine for the requester's cancel: private, owned, decided globally.
  const request = (owner: string): ResourceFacts => ({ visibility: 'private', ownerUserId: owner });
  const global: DecisionContext = { kind: 'global' };
  const cases: [label: string, snapshot: () => AccessSnapshot, facts: ResourceFacts, granted: boolean, reason?: string][] = [
    ['the requester acts on their own request', outsider, request(ME), true],
    ["another user: someone else's request does not exist", outsider, request(OTHER), false, 'NOT_VISIBLE'],
    ["a platform admin: someone else's request does not exist either", platformAdmin, request(OTHER), false, 'NOT_VISIBLE'],
    [
      'a public-only token sees no private row, its own included',
      () => ({ ...outsider(), tokenTeams: [] }),
      request(ME),
      false,
      'NOT_VISIBLE',
    ],
  ];
  for (const [label, snapshot, facts, granted, reason] of cases) {
    it(label, () => {
      const decision = evaluate(snapshot(), 'teams.join', global, facts);
      expect({ granted: decision.granted, reason: decision.reason }).toEqual({ granted, reason });
    });
  }
});

describe('keyManagedTeams', () => {
  it('lists the teams whose keys a role lets the caller manage, not those where member routes alone allow it', () => {
    const snapshot = caller({
      teams: [membership(A, 'owner'), membership(B, 'member', ['/key/update'])],
      roles: [assignment('team_admin', 'team', A)],
    });
    expect(keyManagedTeams(snapshot).sort()).toEqual([A, PERSONAL].sort());
  });

  it('follows the token: a token narrowed to B manages nothing in A', () => {
    const snapshot = { ...caller({ teams: [membership(A, 'owner')], roles: [assignment('team_admin', 'team', A)] }), tokenTeams: [B] };
    expect(keyManagedTeams(snapshot)).toEqual([]);
  });
});
