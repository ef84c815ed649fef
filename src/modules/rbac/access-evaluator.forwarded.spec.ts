import { describe, expect, it } from '@jest/globals';
import { evaluateForwarded, forwardedRestriction, modelListAllows, usageLimitDenial } from './access-evaluator.js';
import type { AccessSnapshot, DenialReason } from './access-snapshot.js';
import type { ForwardedRequest, UsageLimits } from './forwarded-request.js';
import { routeGroupsOf } from './litellm-routes.js';

/** Forward auth in the engine: the credential's route restrictions on a forwarded path, model lists and budgets. */
const TEAM = 'team-a';

function snapshot(extra: Partial<AccessSnapshot> = {}): AccessSnapshot {
  return {
    userId: 'u1',
    callerId: 'alice',
    isPlatformAdmin: false,
    personalTeamId: null,
    memberships: new Map([[TEAM, { teamId: TEAM, role: 'member', isPersonal: false, memberRoutes: [] }]]),
    assignments: [
      {
        assignmentId: 'a1',
        roleId: 'viewer',
        roleName: 'viewer',
        scope: 'team',
        scopeId: TEAM,
        expiresAt: null,
        permissions: new Set(['tools.read', 'tools.execute']),
      },
    ],
    tokenTeams: null,
    narrowedToken: false,
    keyId: 'k1',
    keyTeamId: TEAM,
    keyType: null,
    keyAllowedRoutes: [],
    apiToken: null,
    readOnlyRole: false,
    organizations: new Map(),
    organizationTeams: new Map(),
    usersMayCreateTeams: true,
    ...extra,
  };
}

const forwarded = (path: string, clientIp: string | null = '10.0.0.1'): ForwardedRequest => ({
  method: 'POST',
  path,
  groups: routeGroupsOf(path),
  clientIp,
});

const token = (extra: Partial<NonNullable<AccessSnapshot['apiToken']>>): Partial<AccessSnapshot> => ({
  keyId: null,
  keyTeamId: null,
  apiToken: { serverId: null, permissions: null, ipRestrictions: [], timeRestrictions: {}, ...extra },
});

describe('forwardedRestriction', () => {
  const rows: [name: string, extra: Partial<AccessSnapshot>, path: string, expected: DenialReason | null][] = [
    ['a plain key, an LLM route', {}, '/v1/chat/completions', null],
    ['a plain key, a management route', {}, '/key/generate', null],
    ['a plain key, an unknown route', {}, '/anything', null],
    ['llm_api key, chat', { keyType: 'llm_api' }, '/v1/chat/completions', null],
    ['llm_api key, MCP', { keyType: 'llm_api' }, '/mcp', null],
    ['llm_api key, /key/generate', { keyType: 'llm_api' }, '/key/generate', 'KEY_TYPE'],
    ['llm_api key, an unknown route', { keyType: 'llm_api' }, '/anything', 'KEY_TYPE'],
    ['management key, chat', { keyType: 'management' }, '/v1/chat/completions', 'KEY_TYPE'],
    ['management key, /team/new', { keyType: 'management' }, '/team/new', null],
    ['read_only key, /v1/models', { keyType: 'read_only' }, '/v1/models', null],
    ['read_only key, chat', { keyType: 'read_only' }, '/chat/completions', 'KEY_TYPE'],
    ['read_only key, /key/generate', { keyType: 'read_only' }, '/key/generate', 'KEY_TYPE'],
    ['default key type, chat', { keyType: 'default' }, '/chat/completions', null],
    ['allowed_routes exact, that route', { keyAllowedRoutes: ['/v1/embeddings'] }, '/v1/embeddings', null],
    ['allowed_routes exact, another route', { keyAllowedRoutes: ['/v1/embeddings'] }, '/v1/chat/completions', 'KEY_ROUTES'],
    ['allowed_routes prefix*', { keyAllowedRoutes: ['/v1/*'] }, '/v1/chat/completions', null],
    ['allowed_routes prefix*, outside', { keyAllowedRoutes: ['/v1/*'] }, '/chat/completions', 'KEY_ROUTES'],
    ['allowed_routes llm_api_routes, chat', { keyAllowedRoutes: ['llm_api_routes'] }, '/chat/completions', null],
    ['allowed_routes llm_api_routes, /key/info', { keyAllowedRoutes: ['llm_api_routes'] }, '/key/info', 'KEY_ROUTES'],
    ['allowed_routes info_routes, /v1/models', { keyAllowedRoutes: ['info_routes'] }, '/v1/models', null],
    ['allowed_routes mcp_routes, chat', { keyAllowedRoutes: ['mcp_routes'] }, '/chat/completions', 'KEY_ROUTES'],
    ['master key (no key at all)', { keyId: null, keyTeamId: null, isPlatformAdmin: true }, '/key/generate', null],
    ['API token, no restrictions', token({}), '/v1/chat/completions', null],
    ['API token, another server', token({ serverId: 's1' }), '/servers/s2/mcp', 'TOKEN_SERVER'],
    ['API token, its server', token({ serverId: 's1' }), '/servers/s1/mcp', null],
    ['API token, an address outside its ranges', token({ ipRestrictions: ['192.168.0.0/16'] }), '/mcp', 'TOKEN_IP'],
    [
      'API token with a subset without llm.invoke, chat',
      token({ permissions: new Set(['tools.execute']) }),
      '/v1/embeddings',
      'TOKEN_PERMISSIONS',
    ],
    ['API token with llm.invoke, chat', token({ permissions: new Set(['llm.invoke']) }), '/v1/embeddings', null],
    ['API token with a subset, MCP (decided per tool)', token({ permissions: new Set(['tools.execute']) }), '/mcp', null],
  ];

  it.each(rows)('%s', (_name, extra, path, expected) => {
    expect(forwardedRestriction(snapshot(extra), forwarded(path))).toBe(expected);
  });
});

describe('evaluateForwarded (tools.execute on a tool)', () => {
  const inTeam = { kind: 'team', teamId: TEAM } as const;
  const tool = (visibility: 'public' | 'team' | 'private', ownerUserId: string | null = 'someone') => ({
    visibility,
    ownerUserId,
    ownerPermissions: ['tools.read', 'tools.update', 'tools.delete'],
  });
  const rows: [
    name: string,
    extra: Partial<AccessSnapshot>,
    facts: ReturnType<typeof tool>,
    granted: boolean,
    reason: DenialReason | undefined,
  ][] = [
    ['a team member with tools.execute, a team tool', {}, tool('team'), true, undefined],
    ['an llm_api key of that member (MCP is an LLM route)', { keyType: 'llm_api' }, tool('team'), true, undefined],
    ['a management key of that member', { keyType: 'management' }, tool('team'), false, 'KEY_TYPE'],
    ['a member without tools.execute', { assignments: [] }, tool('public'), false, 'MISSING_PERMISSION'],
    ['not a member: a team tool is invisible', { memberships: new Map(), assignments: [] }, tool('team'), false, 'NOT_VISIBLE'],
    ["someone else's private tool", {}, tool('private'), false, 'NOT_VISIBLE'],
    ['the owner of a private tool', {}, tool('private', 'u1'), true, undefined],
    [
      'a token without tools.execute in its subset',
      token({ permissions: new Set(['tools.read']) }),
      tool('team'),
      false,
      'TOKEN_PERMISSIONS',
    ],
  ];

  it.each(rows)('%s', (_name, extra, facts, granted, reason) => {
    const decision = evaluateForwarded(snapshot(extra), forwarded('/mcp'), 'tools.execute', inTeam, facts);
    expect({ granted: decision.granted, reason: decision.reason }).toEqual({ granted, reason });
  });
});

describe('modelListAllows', () => {
  const rows: [list: string[], model: string, owner: 'key' | 'team' | 'org', allowed: boolean][] = [
    [[], 'gpt-4o', 'key', true],
    [['gpt-4o'], 'gpt-4o', 'key', true],
    [['gpt-4o'], 'gpt-4o-mini', 'key', false],
    [['gpt-4o'], 'GPT-4O', 'key', false],
    [['*'], 'anything', 'team', true],
    [['all-proxy-models'], 'anything', 'key', true],
    [['all-proxy-models'], 'anything', 'org', true],
    [['all-team-models'], 'anything', 'key', true],
    [['all-team-models'], 'anything', 'team', false],
    [['openai/*'], 'openai/gpt-4o', 'key', true],
    [['openai/*'], 'anthropic/claude', 'key', false],
    [['openai/*'], 'openai', 'key', false],
    [['no-default-models'], 'gpt-4o', 'key', false],
  ];

  it.each(rows)('%j allows %s (%s): %s', (list, model, owner, allowed) => {
    expect(modelListAllows(list, model, owner)).toBe(allowed);
  });
});

describe('usageLimitDenial', () => {
  const open: UsageLimits = { key: null, team: null, organization: null, user: null };
  const key = (models: string[], maxBudget: number | null = null, spend = 0) => ({ label: 'k (sk-...abcd)', models, maxBudget, spend });
  const team = (models: string[], maxBudget: number | null = null, spend = 0) => ({ id: TEAM, models, maxBudget, spend });
  const rows: [name: string, limits: UsageLimits, model: string | null, expected: string | null][] = [
    ['nothing set', open, 'gpt-4o', null],
    ['no model named: lists are not asked', { ...open, key: key(['a']), team: team(['a']) }, null, null],
    ['key list refuses', { ...open, key: key(['a']) }, 'b', 'key_model'],
    ['key list allows, team list refuses', { ...open, key: key(['b']), team: team(['a']) }, 'b', 'team_model'],
    ['key all-team-models defers to the team', { ...open, key: key(['all-team-models']), team: team(['a']) }, 'b', 'team_model'],
    ['organization list refuses', { ...open, team: team([]), organization: { id: 'o', models: ['a'] } }, 'b', 'org_model'],
    ['key budget: spend below', { ...open, key: key([], 10, 9.99) }, null, null],
    ['key budget: spend reached', { ...open, key: key([], 10, 10) }, null, 'key_budget'],
    ['key budget 0', { ...open, key: key([], 0, 0) }, null, 'key_budget'],
    ['team budget reached', { ...open, key: key([]), team: team([], 5, 6) }, null, 'team_budget'],
    ['user budget: spend equal is still within', { ...open, user: { id: 'u', maxBudget: 3, spend: 3 } }, null, null],
    ['user budget: spend above', { ...open, user: { id: 'u', maxBudget: 3, spend: 3.5 } }, null, 'user_budget'],
    ['user budget does not count inside a team', { ...open, team: team([]), user: { id: 'u', maxBudget: 3, spend: 9 } }, null, null],
    ['a model refusal comes before a budget', { ...open, key: key(['a'], 1, 5) }, 'b', 'key_model'],
  ];

  it.each(rows)('%s', (_name, limits, model, expected) => {
    expect(usageLimitDenial(limits, model)?.kind ?? null).toBe(expected);
  });
});
