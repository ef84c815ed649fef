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

describe('parseAppConfig: self-service accounts and mail', () => {
  const parse = (env: Record<string, string>) => parseAppConfig({ NODE_ENV: 'test', ...env });

  it('keeps public registration off and password resets on (1 hour), with no SMTP, by default', () => {
    const config = parse({});
    expect(config.selfService).toEqual({
      publicRegistrationEnabled: false,
      passwordResetEnabled: true,
      passwordResetTokenExpiryMinutes: 60,
      passwordResetUrlBase: 'http://localhost:4000/auth/email/reset-password',
    });
    expect(config.mail.smtp).toBeNull();
  });

  it('reads the switches, the expiry and the SMTP settings', () => {
    const config = parse({
      PUBLIC_REGISTRATION_ENABLED: 'true',
      PASSWORD_RESET_ENABLED: 'false',
      PASSWORD_RESET_TOKEN_EXPIRY_MINUTES: '15',
      PASSWORD_RESET_URL_BASE: 'https://portcullis.example.com/reset',
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '465',
      SMTP_USER: 'mailer',
      SMTP_PASSWORD: 'mail-secret',
      SMTP_FROM_EMAIL: 'noreply@example.com',
    });
    expect(config.selfService).toEqual({
      publicRegistrationEnabled: true,
      passwordResetEnabled: false,
      passwordResetTokenExpiryMinutes: 15,
      passwordResetUrlBase: 'https://portcullis.example.com/reset',
    });
    expect(config.mail.smtp).toEqual({
      host: 'smtp.example.com',
      port: 465,
      user: 'mailer',
      password: 'mail-secret',
      fromEmail: 'noreply@example.com',
      useTls: true,
    });
  });

  it.each([
    ['PUBLIC_REGISTRATION_ENABLED', 'maybe'],
    ['PASSWORD_RESET_TOKEN_EXPIRY_MINUTES', '0'],
    ['PASSWORD_RESET_TOKEN_EXPIRY_MINUTES', 'soon'],
    ['PASSWORD_RESET_URL_BASE', 'javascript:alert(1)'],
    ['SMTP_PORT', '70000'],
    ['SMTP_FROM_EMAIL', 'not-an-email'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => parse({ [name]: value })).toThrow(name);
  });
});

describe('parseAppConfig: cache bound', () => {
  const parse = (env: Record<string, string>) => parseAppConfig({ NODE_ENV: 'test', ...env });

  it('defaults ACCESS_CACHE_MAX_ENTRIES to 100,000 and reads it', () => {
    expect(parse({}).cache).toEqual({ maxEntries: 100_000 });
    expect(parse({ ACCESS_CACHE_MAX_ENTRIES: '' }).cache).toEqual({ maxEntries: 100_000 });
    expect(parse({ ACCESS_CACHE_MAX_ENTRIES: '5000' }).cache).toEqual({ maxEntries: 5000 });
  });

  it.each(['0', '99', '1.5', 'lots', '10000001'])('refuses ACCESS_CACHE_MAX_ENTRIES=%s', (value) => {
    expect(() => parse({ ACCESS_CACHE_MAX_ENTRIES: value })).toThrow(/ACCESS_CACHE_MAX_ENTRIES/);
  });
});

describe('parseAppConfig: trusted proxies and abuse limits', () => {
  const parse = (env: Record<string, string>) => parseAppConfig({ NODE_ENV: 'test', ...env });

  it('trusts no forwarded headers unless TRUST_PROXY says whose', () => {
    expect(parse({}).trustProxy).toBe(false);
    expect(parse({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(parse({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(parse({ TRUST_PROXY: 'TRUE' }).trustProxy).toBe(true);
    expect(parse({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(parse({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback, fd00::/8' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'loopback',
      'fd00::/8',
    ]);
  });

  it.each(['yes', '10.0.0.300', '10.0.0.0/8,proxy.example.com', ','])('refuses TRUST_PROXY=%s, naming it', (value) => {
    expect(() => parse({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });

  it('has limits that leave room for a person (and the acceptance runs), and reads each one', () => {
    const defaults = parse({});
    expect(defaults.redis).toEqual({ url: null, keyPrefix: 'portcullis:' });
    expect(defaults.abuse).toEqual({
      windowMs: 60_000,
      login: { perIp: 30, perSubject: 10 },
      passwordReset: { perIp: 10, perSubject: 5 },
      register: { perIp: 10, perSubject: 5 },
      issuance: { perIp: 60, perSubject: 60 },
      loginBackoff: { freeFailures: 5, baseMs: 1000, maxMs: 900_000 },
    });
    const set = parse({
      REDIS_URL: 'redis://cache:6379/2',
      REDIS_KEY_PREFIX: 'pc:',
      THROTTLE_WINDOW_SECONDS: '10',
      THROTTLE_LOGIN_PER_IP: '7',
      THROTTLE_ISSUANCE_PER_PRINCIPAL: '8',
      LOGIN_BACKOFF_MAX_SECONDS: '60',
    });
    expect(set.redis).toEqual({ url: 'redis://cache:6379/2', keyPrefix: 'pc:' });
    expect([set.abuse.windowMs, set.abuse.login.perIp, set.abuse.issuance.perSubject, set.abuse.loginBackoff.maxMs]).toEqual([
      10_000, 7, 8, 60_000,
    ]);
  });

  it.each([
    ['REDIS_URL', 'http://cache:6379'],
    ['THROTTLE_LOGIN_PER_ACCOUNT', '0'],
    ['THROTTLE_WINDOW_SECONDS', 'soon'],
    ['LOGIN_BACKOFF_FREE_FAILURES', '0'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => parse({ [name]: value })).toThrow(new RegExp(name));
  });
});
