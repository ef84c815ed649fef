import { describe, expect, it } from '@jest/globals';
import { evaluate } from './access-evaluator.js';
import type { AccessSnapshot, AssignmentGrant, DecisionContext, MembershipGrant, ResourceFacts } from './access-snapshot.js';
import { effectiveMemberRoutes } from './litellm-member-routes.js';
import { SYSTEM_ROLES } from './system-roles.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const PAST = new Date('2026-05-01T00:00:00Z');
const FUTURE = new Date('2026-07-01T00:00:00Z');
const ME = 'user-me';
const PERSONAL = 'team-personal';
const TEAM_A = 'team-a';
const TEAM_B = 'team-b';

const roleSet = (name: string): Set<string> => new Set(SYSTEM_ROLES.find((r) => r.name === name)!.permissions);

let nextId = 0;
function assignment(
  roleName: string,
  scope: AssignmentGrant['scope'],
  scopeId: string | null,
  extra: Partial<AssignmentGrant> = {},
): AssignmentGrant {
  return {
    assignmentId: `as-${nextId++}`,
    roleId: roleName,
    roleName,
    scope,
    scopeId,
    expiresAt: null,
    permissions: roleSet(roleName),
    ...extra,
  };
}

function membership(
  teamId: string,
  role: MembershipGrant['role'],
  memberRoutes: string[] | null = null,
  isPersonal = false,
): MembershipGrant {
  return { teamId, role, isPersonal, memberRoutes: effectiveMemberRoutes(memberRoutes) };
}

/** An ordinary user: platform_viewer, team_admin on their personal team, plus whatever the case adds. */
function user(
  extra: {
    assignments?: AssignmentGrant[];
    memberships?: MembershipGrant[];
    tokenTeams?: string[] | null;
    keyId?: string;
    keyTeamId?: string;
  } = {},
): AccessSnapshot {
  const memberships = [membership(PERSONAL, 'owner', null, true), ...(extra.memberships ?? [])];
  return {
    userId: ME,
    callerId: 'me',
    isPlatformAdmin: false,
    personalTeamId: PERSONAL,
    memberships: new Map(memberships.map((m) => [m.teamId, m])),
    assignments: [assignment('platform_viewer', 'global', null), assignment('team_admin', 'team', PERSONAL), ...(extra.assignments ?? [])],
    tokenTeams: extra.tokenTeams ?? null,
    keyId: extra.keyId ?? null,
    keyTeamId: extra.keyTeamId ?? null,
    keyType: null,
    keyAllowedRoutes: [],
    narrowedToken: false,
    apiToken: null,
    readOnlyRole: false,
    organizations: new Map(),
    organizationTeams: new Map(),
    usersMayCreateTeams: true,
  };
}

const team = (teamId: string): DecisionContext => ({ kind: 'team', teamId });
const ANY: DecisionContext = { kind: 'any' };
const GLOBAL: DecisionContext = { kind: 'global' };

const developerInA = () =>
  user({
    memberships: [membership(TEAM_A, 'member')],
    assignments: [assignment('viewer', 'team', TEAM_A), assignment('developer', 'team', TEAM_A)],
  });
const viewerInA = () => user({ memberships: [membership(TEAM_A, 'member')], assignments: [assignment('viewer', 'team', TEAM_A)] });
const adminOfA = () => user({ memberships: [membership(TEAM_A, 'owner')], assignments: [assignment('team_admin', 'team', TEAM_A)] });

type Case = [
  label: string,
  snapshot: () => AccessSnapshot,
  permission: string,
  context: DecisionContext,
  resource: ResourceFacts | undefined,
  granted: boolean,
  reason?: string,
];

const cases: Case[] = [
  // role × scope × permission
  ['platform admin: anything, anywhere', () => ({ ...user(), isPlatformAdmin: true }), 'teams.delete', GLOBAL, undefined, true],
  [
    'global platform_admin role grants *',
    () => user({ assignments: [assignment('platform_admin', 'global', null)] }),
    'gateways.delete',
    team(TEAM_B),
    undefined,
    true,
  ],
  ['global platform_viewer grants reads everywhere', user, 'tools.read', team(TEAM_B), undefined, true],
  ['platform_viewer grants no creates', user, 'tools.create', team(TEAM_A), undefined, false, 'NOT_TEAM_MEMBER'],
  ['developer creates in their team', developerInA, 'gateways.create', team(TEAM_A), undefined, true],
  ['developer cannot manage members', developerInA, 'teams.manage_members', team(TEAM_A), undefined, false, 'MISSING_PERMISSION'],
  ['developer role in A does not reach team B', developerInA, 'gateways.create', team(TEAM_B), undefined, false, 'NOT_TEAM_MEMBER'],
  ['viewer cannot create in their team', viewerInA, 'prompts.create', team(TEAM_A), undefined, false, 'MISSING_PERMISSION'],
  ['team admin manages members', adminOfA, 'teams.manage_members', team(TEAM_A), undefined, true],
  ['team roles never count in global context', adminOfA, 'teams.manage_members', GLOBAL, undefined, false, 'ADMIN_ONLY'],
  // any-team mode and the personal-team exclusion (ContextForge #2900)
  ['any-team: developer somewhere may create without a team', developerInA, 'servers.create', ANY, undefined, true],
  ['any-team: viewer everywhere may not', viewerInA, 'servers.create', ANY, undefined, false, 'MISSING_PERMISSION'],
  ['any-team: the personal team_admin does not count', user, 'tools.create', ANY, undefined, false, 'MISSING_PERMISSION'],
  ['personal team context: its team_admin counts', user, 'tools.create', team(PERSONAL), undefined, true],
  // membership is required for team assignments
  [
    'a stale assignment without membership counts for nothing',
    () => user({ assignments: [assignment('developer', 'team', TEAM_A)] }),
    'tools.create',
    team(TEAM_A),
    undefined,
    false,
    'NOT_TEAM_MEMBER',
  ],
  // expiry
  [
    'expired assignment denies',
    () =>
      user({ memberships: [membership(TEAM_A, 'member')], assignments: [assignment('developer', 'team', TEAM_A, { expiresAt: PAST })] }),
    'tools.create',
    team(TEAM_A),
    undefined,
    false,
    'MISSING_PERMISSION',
  ],
  [
    'unexpired assignment grants',
    () =>
      user({ memberships: [membership(TEAM_A, 'member')], assignments: [assignment('developer', 'team', TEAM_A, { expiresAt: FUTURE })] }),
    'tools.create',
    team(TEAM_A),
    undefined,
    true,
  ],
  [
    'expiry exactly now denies',
    () => user({ memberships: [membership(TEAM_A, 'member')], assignments: [assignment('developer', 'team', TEAM_A, { expiresAt: NOW })] }),
    'tools.create',
    team(TEAM_A),
    undefined,
    false,
    'MISSING_PERMISSION',
  ],
  // inheritance: the loader resolves it into the permission set; a custom role with an inherited permission
  [
    'inherited permission grants',
    () =>
      user({
        memberships: [membership(TEAM_A, 'member')],
        assignments: [
          assignment('viewer', 'team', TEAM_A, { roleName: 'auditor+', permissions: new Set([...roleSet('viewer'), 'tools.update']) }),
        ],
      }),
    'tools.update',
    team(TEAM_A),
    undefined,
    true,
  ],
  [
    'wildcard in a custom team role grants in that team only',
    () =>
      user({
        memberships: [membership(TEAM_A, 'member'), membership(TEAM_B, 'member')],
        assignments: [assignment('viewer', 'team', TEAM_A, { roleName: 'all', permissions: new Set(['*']) })],
      }),
    'tools.delete',
    team(TEAM_B),
    undefined,
    false,
    'MISSING_PERMISSION',
  ],
  // narrowed tokens
  [
    'token narrowed to A still acts in A',
    () => ({ ...developerInA(), tokenTeams: [TEAM_A] }),
    'tools.create',
    team(TEAM_A),
    undefined,
    true,
  ],
  [
    'token narrowed to B cannot act in A',
    () => ({ ...developerInA(), tokenTeams: [TEAM_B] }),
    'tools.create',
    team(TEAM_A),
    undefined,
    false,
    'NOT_TEAM_MEMBER',
  ],
  [
    'token teams=[] is public-only: no team role counts',
    () => ({ ...developerInA(), tokenTeams: [] }),
    'tools.create',
    ANY,
    undefined,
    false,
    'MISSING_PERMISSION',
  ],
  ['token teams=[] keeps global grants', () => ({ ...developerInA(), tokenTeams: [] }), 'tools.read', team(TEAM_A), undefined, true],
  // LiteLLM team member permissions
  [
    'member with default routes may read team keys',
    () => user({ memberships: [membership(TEAM_A, 'member')] }),
    'keys.read',
    team(TEAM_A),
    undefined,
    true,
  ],
  [
    'member with default routes may not update team keys',
    () => user({ memberships: [membership(TEAM_A, 'member')] }),
    'keys.update',
    team(TEAM_A),
    undefined,
    false,
    'TEAM_MEMBER_PERMISSION',
  ],
  [
    'member allowed /key/update may update team keys',
    () => user({ memberships: [membership(TEAM_A, 'member', ['/key/update'])] }),
    'keys.update',
    team(TEAM_A),
    undefined,
    true,
  ],
  [
    'member allowed /key/{key_id}/regenerate may regenerate',
    () => user({ memberships: [membership(TEAM_A, 'member', ['/key/{key_id}/regenerate'])] }),
    'keys.regenerate',
    team(TEAM_A),
    undefined,
    true,
  ],
  [
    'member routes of A do not reach B',
    () => user({ memberships: [membership(TEAM_A, 'member', ['/key/generate'])] }),
    'keys.generate',
    team(TEAM_B),
    undefined,
    false,
    'NOT_TEAM_MEMBER',
  ],
  ['owner (team_admin) manages team keys whatever the routes', adminOfA, 'keys.delete', team(TEAM_A), undefined, true],
  [
    'denied non-key permission for a member is MISSING_PERMISSION',
    () => user({ memberships: [membership(TEAM_A, 'member')] }),
    'teams.update',
    team(TEAM_A),
    undefined,
    false,
    'MISSING_PERMISSION',
  ],
  // resource owner
  [
    'owner may read their team key without any route',
    () => user({ memberships: [membership(TEAM_A, 'member', ['/key/generate'])] }),
    'keys.read',
    team(TEAM_A),
    { ownerUserId: ME, ownerPermissions: ['keys.read'] },
    true,
  ],
  [
    'owner permissions are only those listed',
    () => user({ memberships: [membership(TEAM_A, 'member')] }),
    'keys.delete',
    team(TEAM_A),
    { ownerUserId: ME, ownerPermissions: ['keys.read'] },
    false,
    'TEAM_MEMBER_PERMISSION',
  ],
  [
    "someone else's resource gives no owner rights (a plain denial, not admin-only)",
    () => user(),
    'users.read',
    GLOBAL,
    { ownerUserId: 'user-other', ownerPermissions: ['users.read'] },
    false,
    'MISSING_PERMISSION',
  ],
  ['a global route without resource facts is admin-only', () => user(), 'users.create', GLOBAL, undefined, false, 'ADMIN_ONLY'],
  ['own user record is readable', () => user(), 'users.read', GLOBAL, { ownerUserId: ME, ownerPermissions: ['users.read'] }, true],
  // a key reads itself
  ['a key may read itself', () => user({ keyId: 'key-1' }), 'keys.read', team('team-x'), { keyId: 'key-1' }, true],
  [
    'a key may not update itself',
    () => user({ keyId: 'key-1' }),
    'keys.update',
    team('team-x'),
    { keyId: 'key-1' },
    false,
    'NOT_TEAM_MEMBER',
  ],
  // a team key reads its own team, whoever owns it, and does nothing more there by itself
  [
    'an ownerless team key reads its team',
    () => ({ ...user(), userId: null, assignments: [], memberships: new Map(), keyId: 'key-1', keyTeamId: TEAM_A, tokenTeams: [TEAM_A] }),
    'teams.read',
    team(TEAM_A),
    undefined,
    true,
  ],
  [
    'an ownerless team key does not read another team',
    () => ({ ...user(), userId: null, assignments: [], memberships: new Map(), keyId: 'key-1', keyTeamId: TEAM_A, tokenTeams: [TEAM_A] }),
    'teams.read',
    team(TEAM_B),
    undefined,
    false,
    'NOT_TEAM_MEMBER',
  ],
  [
    'an ownerless team key does not update its team',
    () => ({ ...user(), userId: null, assignments: [], memberships: new Map(), keyId: 'key-1', keyTeamId: TEAM_A, tokenTeams: [TEAM_A] }),
    'teams.update',
    team(TEAM_A),
    undefined,
    false,
    'NOT_TEAM_MEMBER',
  ],
  [
    'master key (no user) is denied without admin',
    () => ({ ...user(), userId: null, assignments: [], memberships: new Map() }),
    'keys.read',
    team(TEAM_A),
    { ownerUserId: null, ownerPermissions: ['keys.read'] },
    false,
    'NOT_TEAM_MEMBER',
  ],
];

describe('evaluate (pure decision table)', () => {
  // A plain loop, not it.each: the rows hold functions, and jest-each's title formatting stalls on them under ESM.
  for (const [label, snapshot, permission, context, resource, granted, reason] of cases) {
    it(label, () => {
      const decision = evaluate(snapshot(), permission, context, resource, NOW);
      expect(decision.granted).toBe(granted);
      if (granted) {
        expect(decision.grantedBy.length).toBeGreaterThan(0);
        expect(decision.reason).toBeUndefined();
      } else {
        expect(decision.grantedBy).toEqual([]);
        expect(decision.reason).toBe(reason);
      }
    });
  }

  it('explains which assignment granted a decision', () => {
    const snapshot = developerInA();
    const developer = snapshot.assignments.find((a) => a.roleName === 'developer')!;
    const decision = evaluate(snapshot, 'tools.create', team(TEAM_A), undefined, NOW);
    expect(decision.grantedBy).toEqual([
      { source: 'role', assignmentId: developer.assignmentId, roleName: 'developer', scope: 'team', scopeId: TEAM_A },
    ]);
    expect(decision.membership).toBe('member');
  });

  it('reports every grant, not just the first', () => {
    const decision = evaluate(developerInA(), 'tools.read', team(TEAM_A), undefined, NOW);
    expect(decision.grantedBy.map((g) => (g.source === 'role' ? g.roleName : g.source)).sort()).toEqual([
      'developer',
      'platform_viewer',
      'viewer',
    ]);
  });

  it('every system role permission is in the catalogue', async () => {
    const { isKnownPermission } = await import('./permission.js');
    for (const role of SYSTEM_ROLES)
      for (const p of role.permissions) expect([role.name, p, isKnownPermission(p)]).toEqual([role.name, p, true]);
  });

  it('developer is team_admin minus member management, plugin management and key administration', () => {
    const admin = roleSet('team_admin');
    const developer = roleSet('developer');
    expect([...admin].filter((p) => !developer.has(p)).sort()).toEqual(
      [
        'keys.block',
        'keys.delete',
        'keys.regenerate',
        'keys.update',
        'teams.delete',
        'teams.manage_members',
        'teams.update',
        'tools.manage_plugins',
      ].sort(),
    );
    expect([...developer].every((p) => admin.has(p))).toBe(true);
  });
});
