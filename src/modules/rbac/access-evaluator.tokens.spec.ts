import { describe, expect, it } from '@jest/globals';
import { canSee, evaluate, holdsPermission, mayIssueTokenIn, requestRestriction, seesTeamTokens } from './access-evaluator.js';
import type { AccessSnapshot, ApiTokenScope, AssignmentGrant, DecisionContext, MembershipGrant, RequestFacts } from './access-snapshot.js';
import { ipAllowed, parseIpRange } from './ip-ranges.js';
import { effectiveMemberRoutes } from './litellm-member-routes.js';
import { SYSTEM_ROLES } from './system-roles.js';

/**
 * ContextForge API tokens in the engine, as tables: a token only ever narrows its creator (permission subset,
 * team, server, address, time window), never manages tokens, and is seen by its owner and platform admins only.
 */
const ME = 'user-me';
const OTHER = 'user-other';
const PERSONAL = 'team-personal';
const A = 'team-a';
const B = 'team-b';
const SERVER = 'srv-1';

const roleSet = (name: string): Set<string> => new Set(SYSTEM_ROLES.find((r) => r.name === name)!.permissions);
let nextId = 0;
const assignment = (roleName: string, scope: AssignmentGrant['scope'], scopeId: string | null): AssignmentGrant => ({
  assignmentId: `as-${nextId++}`,
  roleId: roleName,
  roleName,
  scope,
  scopeId,
  expiresAt: null,
  permissions: roleSet(roleName),
});
const membership = (teamId: string, role: MembershipGrant['role']): MembershipGrant => ({
  teamId,
  role,
  isPersonal: teamId === PERSONAL,
  memberRoutes: effectiveMemberRoutes(null),
});

/** A developer of A (a plain member), owner of their personal team. */
function developerOfA(extra: Partial<AccessSnapshot> = {}): AccessSnapshot {
  return {
    userId: ME,
    callerId: 'me',
    isPlatformAdmin: false,
    narrowedToken: false,
    usersMayCreateTeams: true,
    personalTeamId: PERSONAL,
    memberships: new Map([
      [PERSONAL, membership(PERSONAL, 'owner')],
      [A, membership(A, 'member')],
    ]),
    assignments: [
      assignment('platform_viewer', 'global', null),
      assignment('team_admin', 'team', PERSONAL),
      assignment('developer', 'team', A),
    ],
    tokenTeams: null,
    keyId: null,
    keyTeamId: null,
    keyType: null,
    keyAllowedRoutes: [],
    apiToken: null,
    readOnlyRole: false,
    organizations: new Map(),
    organizationTeams: new Map(),
    ...extra,
  };
}

const scope = (extra: Partial<ApiTokenScope> = {}): ApiTokenScope => ({
  serverId: null,
  permissions: null,
  ipRestrictions: [],
  timeRestrictions: {},
  ...extra,
});
/** The developer's API token: acting in `teams` (`[A]` a team token, `[]` team-less), narrowed by `s`. */
const token = (s: Partial<ApiTokenScope> = {}, teams: string[] = [A], base = developerOfA()): AccessSnapshot => ({
  ...base,
  tokenTeams: teams,
  apiToken: scope(s),
});
const admin = (): AccessSnapshot => developerOfA({ isPlatformAdmin: true });

const inA: DecisionContext = { kind: 'team', teamId: A };
const inB: DecisionContext = { kind: 'team', teamId: B };
const GLOBAL: DecisionContext = { kind: 'global' };

describe("API tokens: the permission subset only narrows (the creator's rights ∩ the subset)", () => {
  const rows: [string, () => AccessSnapshot, string, DecisionContext, boolean, string | undefined][] = [
    ['session of the developer', () => developerOfA(), 'servers.create', inA, true, undefined],
    ['unscoped team token', () => token(), 'servers.create', inA, true, undefined],
    ['token scoped to servers.read', () => token({ permissions: new Set(['servers.read']) }), 'servers.read', inA, true, undefined],
    [
      'token scoped to servers.read',
      () => token({ permissions: new Set(['servers.read']) }),
      'servers.create',
      inA,
      false,
      'TOKEN_PERMISSIONS',
    ],
    ['token scoped to servers.*', () => token({ permissions: new Set(['servers.*']) }), 'servers.create', inA, true, undefined],
    ['token scoped to servers.*', () => token({ permissions: new Set(['servers.*']) }), 'tools.create', inA, false, 'TOKEN_PERMISSIONS'],
    ['token scoped to *', () => token({ permissions: new Set(['*']) }), 'tools.create', inA, true, undefined],
    // The subset never adds: a permission the creator lacks stays denied.
    [
      'token scoped to teams.delete',
      () => token({ permissions: new Set(['teams.delete']) }),
      'teams.delete',
      inA,
      false,
      'MISSING_PERMISSION',
    ],
    // A team token acts in its team only.
    ['team token of A', () => token({}, [A]), 'servers.create', { kind: 'team', teamId: PERSONAL }, false, 'NOT_TEAM_MEMBER'],
    ['team-less token (public-only)', () => token({}, []), 'servers.create', inA, false, 'NOT_TEAM_MEMBER'],
    ['team-less token (public-only)', () => token({}, []), 'servers.read', inA, true, undefined],
    // The creator left A (no membership): nothing through the token either.
    [
      'token of a creator who left A',
      () => token({}, [A], developerOfA({ memberships: new Map([[PERSONAL, membership(PERSONAL, 'owner')]]) })),
      'servers.create',
      inA,
      false,
      'NOT_TEAM_MEMBER',
    ],
    // Admins are narrowed by the subset too.
    [
      'admin token scoped to teams.read',
      () => token({ permissions: new Set(['teams.read']) }, [A], admin()),
      'users.delete',
      GLOBAL,
      false,
      'TOKEN_PERMISSIONS',
    ],
    [
      'admin token scoped to teams.read',
      () => token({ permissions: new Set(['teams.read']) }, [A], admin()),
      'teams.read',
      inB,
      true,
      undefined,
    ],
    // No stored credential manages tokens, whatever it holds.
    ['unscoped team token', () => token(), 'tokens.create', inA, false, 'TOKEN_MANAGEMENT'],
    [
      'admin token scoped to *',
      () => token({ permissions: new Set(['*']) }, [A], admin()),
      'tokens.revoke',
      GLOBAL,
      false,
      'TOKEN_MANAGEMENT',
    ],
    [
      'virtual key of the developer',
      () => developerOfA({ keyId: 'key-1', keyTeamId: A, tokenTeams: [A] }),
      'tokens.create',
      inA,
      false,
      'TOKEN_MANAGEMENT',
    ],
    ['session of the developer', () => developerOfA(), 'tokens.create', inA, true, undefined],
  ];
  it.each(rows)('%s asking %s: %s → %s', (_who, snapshot, permission, context, granted, reason) => {
    const decision = evaluate(snapshot(), permission, context);
    expect({ granted: decision.granted, reason: decision.reason }).toEqual({ granted, reason });
  });
});

describe('API tokens: restrictions on the request itself (address, time window, server)', () => {
  const monday10 = new Date('2030-01-07T10:00:00Z');
  const monday20 = new Date('2030-01-07T20:00:00Z');
  const saturday10 = new Date('2030-01-05T10:00:00Z');
  const monday0859 = new Date('2030-01-07T08:59:59Z');
  const monday1700 = new Date('2030-01-07T17:00:00Z');
  const req = (path: string, clientIp: string | null = '127.0.0.1'): RequestFacts => ({ path, clientIp });
  const rows: [string, Partial<ApiTokenScope>, RequestFacts, Date, string | null][] = [
    ['no restriction', {}, req('/tools'), monday20, null],
    ['ip in CIDR', { ipRestrictions: ['10.0.0.0/8'] }, req('/tools', '10.2.3.4'), monday10, null],
    ['ip outside CIDR', { ipRestrictions: ['10.0.0.0/8'] }, req('/tools', '11.0.0.1'), monday10, 'TOKEN_IP'],
    ['exact address', { ipRestrictions: ['203.0.113.7'] }, req('/tools', '203.0.113.7'), monday10, null],
    ['v4-mapped client address', { ipRestrictions: ['127.0.0.0/8'] }, req('/tools', '::ffff:127.0.0.1'), monday10, null],
    ['ipv6 range', { ipRestrictions: ['2001:db8::/32'] }, req('/tools', '2001:db8::1'), monday10, null],
    ['ipv6 outside', { ipRestrictions: ['2001:db8::/32'] }, req('/tools', '2001:db9::1'), monday10, 'TOKEN_IP'],
    ['unknown client address', { ipRestrictions: ['10.0.0.0/8'] }, req('/tools', null), monday10, 'TOKEN_IP'],
    ['business hours, inside', { timeRestrictions: { business_hours_only: true } }, req('/tools'), monday10, null],
    ['business hours, evening', { timeRestrictions: { business_hours_only: true } }, req('/tools'), monday20, 'TOKEN_TIME'],
    ['business hours, 08:59:59', { timeRestrictions: { business_hours_only: true } }, req('/tools'), monday0859, 'TOKEN_TIME'],
    ['business hours, 17:00', { timeRestrictions: { business_hours_only: true } }, req('/tools'), monday1700, 'TOKEN_TIME'],
    ['weekdays, Monday', { timeRestrictions: { weekdays_only: true } }, req('/tools'), monday20, null],
    ['weekdays, Saturday', { timeRestrictions: { weekdays_only: true } }, req('/tools'), saturday10, 'TOKEN_TIME'],
    ['flags off', { timeRestrictions: { weekdays_only: false, business_hours_only: false } }, req('/tools'), saturday10, null],
    ['server: its own server', { serverId: SERVER }, req(`/servers/${SERVER}`), monday10, null],
    ['server: below its own server', { serverId: SERVER }, req(`/servers/${SERVER}/toggle`), monday10, null],
    ['server: another server', { serverId: SERVER }, req('/servers/srv-2'), monday10, 'TOKEN_SERVER'],
    ['server: a prefix of its id is another server', { serverId: SERVER }, req(`/servers/${SERVER}0`), monday10, 'TOKEN_SERVER'],
    ['server: the server list', { serverId: SERVER }, req('/servers'), monday10, 'TOKEN_SERVER'],
    ['server: anything else', { serverId: SERVER }, req('/tools'), monday10, 'TOKEN_SERVER'],
    ['server: a general endpoint', { serverId: SERVER }, req('/health'), monday10, null],
    ['server: encoded id', { serverId: 'a b' }, req('/servers/a%20b'), monday10, null],
  ];
  it.each(rows)('%s', (_name, s, request, now, reason) => {
    expect(requestRestriction(token(s), request, now)).toBe(reason);
  });

  it('callers without an API token are not restricted here', () => {
    expect(requestRestriction(developerOfA(), req('/servers/x', null), monday20)).toBeNull();
  });
});

describe('API tokens: issuing and seeing them', () => {
  it.each([
    ['servers.create', inA, true],
    ['servers.create', { kind: 'team', teamId: PERSONAL } as DecisionContext, true],
    ['teams.delete', inA, false],
    ['servers.read', inB, true], // platform_viewer's global servers.read
    ['servers.create', inB, false],
    ['*', inA, false],
    ['admin.user_management', GLOBAL, false],
  ] as [string, DecisionContext, boolean][])('the developer holds %s in %j: %s', (permission, context, held) => {
    expect(holdsPermission(developerOfA(), permission, context)).toBe(held);
  });

  it('a team token is issued by members acting in the team only (admins included); team owners and admins see its tokens', () => {
    expect(mayIssueTokenIn(developerOfA(), A)).toBe(true);
    expect(mayIssueTokenIn(developerOfA(), B)).toBe(false);
    expect(mayIssueTokenIn(admin(), B)).toBe(false);
    expect(seesTeamTokens(developerOfA(), A)).toBe(false);
    expect(seesTeamTokens(developerOfA(), PERSONAL)).toBe(true);
    expect(seesTeamTokens(admin(), B)).toBe(true);
  });

  it.each([
    ['its owner', () => developerOfA(), ME, true],
    ['another user', () => developerOfA({ userId: OTHER }), ME, false],
    ['a platform admin', () => admin(), OTHER, true],
    ['the master key (no user)', () => developerOfA({ userId: null, isPlatformAdmin: true }), ME, true],
  ] as [string, () => AccessSnapshot, string, boolean][])('a token row is visible to %s: %s', (_who, snapshot, owner, visible) => {
    const facts = { ownerUserId: owner, ownerOnly: true, ownerPermissions: ['tokens.read'] };
    expect(canSee(snapshot(), GLOBAL, facts)).toBe(visible);
    const decision = evaluate(snapshot(), 'tokens.read', GLOBAL, facts);
    expect(decision.granted).toBe(visible);
    if (!visible) expect(decision.reason).toBe('NOT_VISIBLE');
  });
});

describe('IP ranges', () => {
  it.each(['10.0.0.0/8', '10.0.0.1', '::1', '2001:db8::/32', '0.0.0.0/0', '::ffff:10.0.0.1'])('%s parses', (text) => {
    expect(parseIpRange(text)).not.toBeNull();
  });
  it.each(['10.0.0.0/33', '10.0.0/8', 'example.com', '10.0.0.0/8/1', '', '::/129', '10.0.0.0/-1', '10.0.0.0/ 8'])(
    '%s is refused',
    (text) => {
      expect(parseIpRange(text)).toBeNull();
    },
  );
  it('an empty list allows everyone; an unknown client matches nothing', () => {
    expect(ipAllowed('1.2.3.4', [])).toBe(true);
    expect(ipAllowed(null, ['0.0.0.0/0'])).toBe(false);
    expect(ipAllowed('not-an-ip', ['0.0.0.0/0'])).toBe(false);
  });
});
