import { describe, expect, it } from '@jest/globals';
import { parseAppConfig } from './app-config.js';

describe('parseAppConfig: outbound gateway targets', () => {
  // NODE_ENV=test: no warning about the random JWT secret.
  const parse = (env: Record<string, string>) => parseAppConfig({ NODE_ENV: 'test', ...env });
  const outbound = (env: Record<string, string>) => parse(env).gateways.outbound;

  it('allows private networks and loopback and denies nothing extra by default', () => {
    expect(outbound({})).toEqual({ allowPrivateNetworks: true, allowLoopback: true, denyCidrs: [] });
    expect(outbound({ GATEWAY_ALLOW_LOOPBACK: '', GATEWAY_DENY_CIDRS: '' })).toEqual({
      allowPrivateNetworks: true,
      allowLoopback: true,
      denyCidrs: [],
    });
  });

  it('reads the switches and a comma-separated CIDR list', () => {
    expect(
      outbound({
        GATEWAY_ALLOW_PRIVATE_NETWORKS: 'false',
        GATEWAY_ALLOW_LOOPBACK: 'false',
        GATEWAY_DENY_CIDRS: '198.51.100.0/24, 2001:db8::/32,',
      }),
    ).toEqual({
      allowPrivateNetworks: false,
      allowLoopback: false,
      denyCidrs: ['198.51.100.0/24', '2001:db8::/32'],
    });
  });

  it.each([
    [
      { GATEWAY_DENY_CIDRS: '10.0.0.0/8,10.0.0.1' },
      'Invalid environment: "GATEWAY_DENY_CIDRS" has "10.0.0.1", which is not a CIDR (address/prefix)',
    ],
    [{ GATEWAY_DENY_CIDRS: '10.0.0.0/33' }, /GATEWAY_DENY_CIDRS/],
    [{ GATEWAY_ALLOW_LOOPBACK: 'maybe' }, /GATEWAY_ALLOW_LOOPBACK/],
  ])('refuses %j', (env, message) => {
    expect(() => parse(env)).toThrow(message);
  });
});

describe('parseAppConfig: team creation', () => {
  const parse = (env: Record<string, string>) => parseAppConfig({ NODE_ENV: 'test', ...env });

  it.each([
    [{}, true],
    [{ ALLOW_TEAM_CREATION: '' }, true],
    [{ ALLOW_TEAM_CREATION: 'true' }, true],
    [{ ALLOW_TEAM_CREATION: 'false' }, false],
  ])('ALLOW_TEAM_CREATION %j -> allowTeamCreation %s', (env, allowed) => {
    expect(parse(env).teams.allowTeamCreation).toBe(allowed);
  });

  it('refuses a value that is not a boolean, naming the variable', () => {
    expect(() => parse({ ALLOW_TEAM_CREATION: 'sometimes' })).toThrow(/ALLOW_TEAM_CREATION/);
  });
});
