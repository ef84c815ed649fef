import { describe, expect, it } from '@jest/globals';
import { canSee, evaluate, visibleOrganizationIds } from './access-evaluator.js';
import type { AccessSnapshot, DecisionContext, OrganizationRole } from './access-snapshot.js';
import { effectiveMemberRoutes } from './litellm-member-routes.js';
import { SYSTEM_ROLES } from './system-roles.js';

/**
 * Organizations as a scope of the engine (issue 10), as tables: organization role × permission × where (the
 * organization itself, a team of it, a team or organization elsewhere), and what narrows it (tokens, viewer roles).
 */
const ORG = 'org-1';
const OTHER_ORG = 'org-2';
const ORG_TEAM = 'team-in-org-1';
const OTHER_ORG_TEAM = 'team-in-org-2';
const LOOSE_TEAM = 'team-without-org';
const PERSONAL = 'team-personal';

const viewerPermissions = new Set(SYSTEM_ROLES.find((r) => r.name === 'platform_viewer')!.permissions);

function caller(role: OrganizationRole | null, extra: Partial<AccessSnapshot> = {}): AccessSnapshot {
  return {
    userId: 'user-me',
    callerId: 'me',
    isPlatformAdmin: false,
    personalTeamId: PERSONAL,
    memberships: new Map([[PERSONAL, { teamId: PERSONAL, role: 'owner', isPersonal: true, memberRoutes: effectiveMemberRoutes(null) }]]),
    assignments: [
      {
        assignmentId: 'as-viewer',
        roleId: 'platform_viewer',
        roleName: 'platform_viewer',
        scope: 'global',
        scopeId: null,
        expiresAt: null,
        permissions: viewerPermissions,
      },
    ],
    tokenTeams: null,
    keyId: null,
    keyTeamId: null,
    keyType: null,
    keyAllowedRoutes: [],
    narrowedToken: false,
    apiToken: null,
    readOnlyRole: false,
    organizations: new Map(role ? [[ORG, role]] : []),
    // The loader reads the teams of the caller's organizations only.
    organizationTeams: new Map(role ? [[ORG_TEAM, ORG]] : []),
    usersMayCreateTeams: true,
    ...extra,
  };
}

const admin = () => caller('org_admin');
const user = () => caller('internal_user');
const viewer = () => caller('internal_user_viewer', { readOnlyRole: true });
const outsider = () => caller(null);
const proxyAdmin = () => caller(null, { isPlatformAdmin: true });
const adminWithTeamKey = () => caller('org_admin', { tokenTeams: [LOOSE_TEAM], keyTeamId: LOOSE_TEAM });

const inOrg: DecisionContext = { kind: 'organization', organizationId: ORG };
const inOtherOrg: DecisionContext = { kind: 'organization', organizationId: OTHER_ORG };
const team = (teamId: string): DecisionContext => ({ kind: 'team', teamId });

type Case = [who: string, snapshot: () => AccessSnapshot, permission: string, where: string, context: DecisionContext, granted: boolean];

const cases: Case[] = [
  // In the organization itself.
  ['org_admin', admin, 'organizations.read', 'its organization', inOrg, true],
  ['org_admin', admin, 'organizations.update', 'its organization', inOrg, true],
  ['org_admin', admin, 'organizations.manage_members', 'its organization', inOrg, true],
  ['org_admin', admin, 'teams.create', 'its organization', inOrg, true],
  ['org_admin', admin, 'organizations.delete', 'its organization', inOrg, false],
  ['org_admin', admin, 'organizations.create', 'globally', { kind: 'global' }, false],
  ['internal_user', user, 'organizations.read', 'its organization', inOrg, true],
  ['internal_user', user, 'organizations.update', 'its organization', inOrg, false],
  ['internal_user', user, 'organizations.manage_members', 'its organization', inOrg, false],
  ['internal_user', user, 'teams.create', 'its organization', inOrg, false],
  ['internal_user_viewer', viewer, 'organizations.read', 'its organization', inOrg, true],
  ['internal_user_viewer', viewer, 'organizations.update', 'its organization', inOrg, false],
  ['outsider', outsider, 'organizations.read', 'an organization', inOrg, false],
  ['proxy admin', proxyAdmin, 'organizations.delete', 'any organization', inOrg, true],
  ['proxy admin', proxyAdmin, 'organizations.create', 'globally', { kind: 'global' }, true],
  // Outside it.
  ['org_admin', admin, 'organizations.read', 'another organization', inOtherOrg, false],
  ['org_admin', admin, 'organizations.manage_members', 'another organization', inOtherOrg, false],
  ['org_admin', admin, 'teams.create', 'another organization', inOtherOrg, false],
  // In the organization's teams (the org admin is not a member of them).
  ['org_admin', admin, 'teams.update', 'a team of its organization', team(ORG_TEAM), true],
  ['org_admin', admin, 'teams.manage_members', 'a team of its organization', team(ORG_TEAM), true],
  ['org_admin', admin, 'teams.read', 'a team of its organization', team(ORG_TEAM), true],
  ['org_admin', admin, 'keys.delete', 'a team of its organization', team(ORG_TEAM), false],
  ['org_admin', admin, 'teams.update', "another organization's team", team(OTHER_ORG_TEAM), false],
  ['org_admin', admin, 'teams.update', 'a team in no organization', team(LOOSE_TEAM), false],
  ['internal_user', user, 'teams.update', 'a team of its organization', team(ORG_TEAM), false],
  ['internal_user', user, 'teams.manage_members', 'a team of its organization', team(ORG_TEAM), false],
  // What narrows an org admin: a token bound to a team acts in that team only; a viewer role reads only.
  ['org_admin with a team key', adminWithTeamKey, 'organizations.read', 'its organization', inOrg, false],
  ['org_admin with a team key', adminWithTeamKey, 'teams.update', 'a team of its organization', team(ORG_TEAM), false],
  [
    'org_admin with a viewer user role',
    () => caller('org_admin', { readOnlyRole: true }),
    'organizations.update',
    'its organization',
    inOrg,
    false,
  ],
  [
    'org_admin with a viewer user role',
    () => caller('org_admin', { readOnlyRole: true }),
    'organizations.read',
    'its organization',
    inOrg,
    true,
  ],
];

describe('engine rules: organization role × permission × where', () => {
  for (const [who, snapshot, permission, where, context, granted] of cases) {
    it(`${who}: ${permission} in ${where} → ${granted}`, () => {
      const decision = evaluate(snapshot(), permission, context);
      expect(decision.granted).toBe(granted);
      if (!granted) expect(decision.reason).toBeDefined();
    });
  }

  it('explains an organization grant by the role and the organization', () => {
    expect(evaluate(admin(), 'teams.update', team(ORG_TEAM)).grantedBy).toEqual([
      { source: 'organization_role', organizationId: ORG, role: 'org_admin' },
    ]);
  });
});

describe('engine rules: organization teams are visible to their org admins only', () => {
  const hidden = { visibility: 'team' } as const;
  const cases: [who: string, snapshot: () => AccessSnapshot, teamId: string, visible: boolean][] = [
    ['org_admin', admin, ORG_TEAM, true],
    ['org_admin', admin, OTHER_ORG_TEAM, false],
    ['internal_user', user, ORG_TEAM, false],
    ['outsider', outsider, ORG_TEAM, false],
  ];
  for (const [who, snapshot, teamId, visible] of cases) {
    it(`${who} sees ${teamId}: ${visible}`, () => {
      expect(canSee(snapshot(), team(teamId), hidden)).toBe(visible);
      expect(evaluate(snapshot(), 'teams.read', team(teamId), { ...hidden, membersOnly: true }).granted).toBe(visible);
    });
  }
});

describe('visibleOrganizationIds', () => {
  it('lists the organizations the caller belongs to; every one for platform readers', () => {
    expect(visibleOrganizationIds(admin())).toEqual([ORG]);
    expect(visibleOrganizationIds(viewer())).toEqual([ORG]);
    expect(visibleOrganizationIds(outsider())).toEqual([]);
    expect(visibleOrganizationIds(proxyAdmin())).toBe('all');
  });
});
