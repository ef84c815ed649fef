import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { jwtSecretFileIn, readOrCreateSecretFile } from './development-jwt-secret.js';
import { withEnvFile } from './env-file.js';
import { envSchema } from './env.validation.js';

/** Typed view of the validated environment: the only place that reads `process.env`. */
export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  logLevel: string;
  /** LOG_FILE: append the log to this file; null: standard output. */
  logFile: string | null;
  database: DatabaseConfig;
  auth: AuthConfig;
  platformAdmin: { email: string; password: string | null };
  gateways: GatewaysConfig;
  teams: TeamsConfig;
  selfService: SelfServiceConfig;
  mail: MailConfig;
  cache: CacheConfig;
  /** SHUTDOWN_GRACE_MS: how long a shutdown waits for requests in flight before closing anyway. */
  shutdownGraceMs: number;
  /** Fastify's trustProxy (TRUST_PROXY): whose forwarded headers give the client address and protocol. */
  trustProxy: boolean | number | string[];
  redis: RedisConfig;
  abuse: AbuseConfig;
}

export interface RedisConfig {
  /** REDIS_URL; null: no Redis, per-instance state only. */
  url: string | null;
  /** REDIS_KEY_PREFIX: every key this server writes starts with it. */
  keyPrefix: string;
}

/** Requests allowed per window, per tracker (client address, account, caller). */
export interface ThrottleLimits {
  perIp: number;
  /** Per account (the lowercased email in the body) or, for issuance, per caller. */
  perSubject: number;
}

export interface AbuseConfig {
  windowMs: number;
  login: ThrottleLimits;
  passwordReset: ThrottleLimits;
  register: ThrottleLimits;
  issuance: ThrottleLimits;
  loginBackoff: LoginBackoffPolicy;
}

/** Failed logins: `freeFailures` cost nothing, each further one waits `baseMs * 2^k`, at most `maxMs`. */
export interface LoginBackoffPolicy {
  freeFailures: number;
  baseMs: number;
  maxMs: number;
}

/** The warm-path caches (src/common/cache): one bound in entries, split between them. */
export interface CacheConfig {
  /** ACCESS_CACHE_MAX_ENTRIES */
  maxEntries: number;
}

/** ContextForge's self-service account routes. */
export interface SelfServiceConfig {
  /** `POST /auth/email/register` (PUBLIC_REGISTRATION_ENABLED); off: 403 and only admins create users. */
  publicRegistrationEnabled: boolean;
  /** `forgot-password` / `reset-password` (PASSWORD_RESET_ENABLED); off: 403. */
  passwordResetEnabled: boolean;
  passwordResetTokenExpiryMinutes: number;
  /** The reset link in the mail: `<base>/<token>` (PASSWORD_RESET_URL_BASE). */
  passwordResetUrlBase: string;
}

export interface SmtpConfig {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
  fromEmail: string;
  useTls: boolean;
}

export interface MailConfig {
  /** Null: no SMTP, mails go to the log sender's in-memory outbox. */
  smtp: SmtpConfig | null;
}

export type DatabaseConfig = PostgresConfig | { kind: 'pglite'; dataDir: string | null /* null = in memory */ };

/** Every wait on Postgres is bounded, so that an outage answers 503 instead of hanging (README, Outages). */
export interface PostgresConfig {
  kind: 'postgres';
  url: string;
  /** DATABASE_CONNECT_TIMEOUT_MS: opening a connection, or waiting for a free one in the pool. */
  connectTimeoutMs?: number;
  /** DATABASE_STATEMENT_TIMEOUT_MS: one statement (0: none, as the migration CLI runs). */
  statementTimeoutMs?: number;
}

export interface AuthConfig {
  masterKey: string | null;
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  jwtExpiresIn: string;
}

export interface TeamsConfig {
  /** ContextForge's `ALLOW_TEAM_CREATION`: whether users without a role granting `teams.create` may create teams. */
  allowTeamCreation: boolean;
}

export interface GatewaysConfig {
  connectTimeoutMs: number;
  /** Secret the stored upstream credentials are encrypted with. */
  authEncryptionSecret: string;
  outbound: OutboundAddressConfig;
}

/** Which addresses a gateway may point at, on top of the ranges that are always refused. */
export interface OutboundAddressConfig {
  allowPrivateNetworks: boolean;
  allowLoopback: boolean;
  /** Further ranges to refuse, e.g. `203.0.113.0/24`. */
  denyCidrs: string[];
}

export const APP_CONFIG = Symbol('APP_CONFIG');

let processConfig: AppConfig | null = null;

/**
 * Validates the process environment (over `.env`, see withEnvFile) once and builds the typed config (throws
 * naming every bad variable). Memoised: the random development JWT secret must be the same for everyone in the
 * process.
 */
export function loadAppConfig(): AppConfig {
  if (!processConfig) {
    const { env, readFrom } = withEnvFile(process.env);
    if (readFrom) new Logger('Config').log(`Read ${readFrom} (variables set in the environment take precedence)`);
    processConfig = parseAppConfig(env);
  }
  return processConfig;
}

/** For tests: forget the memoised config after changing process.env. */
export function resetAppConfig(): void {
  processConfig = null;
}

export function parseAppConfig(rawEnv: NodeJS.ProcessEnv): AppConfig {
  const { value, error } = envSchema.validate(rawEnv, { abortEarly: false, convert: true });
  if (error) {
    throw new Error(`Invalid environment: ${error.details.map((d) => d.message).join('; ')}`);
  }
  return buildAppConfig(value as Record<string, unknown>);
}

function buildAppConfig(env: Record<string, unknown>): AppConfig {
  const str = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : String(value);
  };
  const nodeEnv = str('NODE_ENV') ?? 'development';
  const database = databaseConfig(str('DATABASE_URL'), str('PGLITE_DATA_DIR') ?? './.data', {
    connectTimeoutMs: Number(env.DATABASE_CONNECT_TIMEOUT_MS),
    statementTimeoutMs: Number(env.DATABASE_STATEMENT_TIMEOUT_MS),
  });
  const jwtSecret = str('JWT_SECRET') ?? developmentJwtSecret(nodeEnv, database);
  return {
    nodeEnv,
    port: Number(str('PORT') ?? 4000),
    host: str('HOST') ?? '0.0.0.0',
    logLevel: str('LOG_LEVEL') ?? 'info',
    logFile: str('LOG_FILE') ?? null,
    database,
    auth: {
      masterKey: str('MASTER_KEY') ?? str('LITELLM_MASTER_KEY') ?? null,
      jwtSecret,
      jwtIssuer: str('JWT_ISSUER') ?? 'portcullis',
      jwtAudience: str('JWT_AUDIENCE') ?? 'portcullis-api',
      jwtExpiresIn: str('JWT_EXPIRES_IN') ?? '1h',
    },
    platformAdmin: {
      email: (str('PLATFORM_ADMIN_EMAIL') ?? 'admin@example.com').toLowerCase(),
      password: str('PLATFORM_ADMIN_PASSWORD') ?? null,
    },
    gateways: {
      connectTimeoutMs: Number(str('GATEWAY_CONNECT_TIMEOUT_MS') ?? 5000),
      authEncryptionSecret: str('AUTH_ENCRYPTION_SECRET') ?? `gateway-credentials:${jwtSecret}`,
      outbound: {
        allowPrivateNetworks: env.GATEWAY_ALLOW_PRIVATE_NETWORKS as boolean,
        allowLoopback: env.GATEWAY_ALLOW_LOOPBACK as boolean,
        denyCidrs: (env.GATEWAY_DENY_CIDRS as string[] | undefined) ?? [],
      },
    },
    teams: { allowTeamCreation: env.ALLOW_TEAM_CREATION as boolean },
    selfService: {
      publicRegistrationEnabled: env.PUBLIC_REGISTRATION_ENABLED as boolean,
      passwordResetEnabled: env.PASSWORD_RESET_ENABLED as boolean,
      passwordResetTokenExpiryMinutes: Number(env.PASSWORD_RESET_TOKEN_EXPIRY_MINUTES),
      passwordResetUrlBase: str('PASSWORD_RESET_URL_BASE') ?? 'http://localhost:4000/auth/email/reset-password',
    },
    cache: { maxEntries: Number(env.ACCESS_CACHE_MAX_ENTRIES) },
    shutdownGraceMs: Number(env.SHUTDOWN_GRACE_MS),
    trustProxy: env.TRUST_PROXY as boolean | number | string[],
    redis: { url: str('REDIS_URL') ?? null, keyPrefix: str('REDIS_KEY_PREFIX') ?? 'portcullis:' },
    abuse: {
      windowMs: Number(env.THROTTLE_WINDOW_SECONDS) * 1000,
      login: limits(env, 'LOGIN', 'ACCOUNT'),
      passwordReset: limits(env, 'PASSWORD_RESET', 'ACCOUNT'),
      register: limits(env, 'REGISTER', 'ACCOUNT'),
      issuance: limits(env, 'ISSUANCE', 'PRINCIPAL'),
      loginBackoff: {
        freeFailures: Number(env.LOGIN_BACKOFF_FREE_FAILURES),
        baseMs: Number(env.LOGIN_BACKOFF_BASE_MS),
        maxMs: Number(env.LOGIN_BACKOFF_MAX_SECONDS) * 1000,
      },
    },
    mail: {
      smtp: str('SMTP_HOST')
        ? {
            host: str('SMTP_HOST')!,
            port: Number(str('SMTP_PORT') ?? 587),
            user: str('SMTP_USER') ?? null,
            password: str('SMTP_PASSWORD') ?? null,
            fromEmail: str('SMTP_FROM_EMAIL') ?? 'noreply@localhost',
            useTls: env.SMTP_USE_TLS as boolean,
          }
        : null,
    },
  };
}

function limits(env: Record<string, unknown>, route: string, subject: 'ACCOUNT' | 'PRINCIPAL'): ThrottleLimits {
  return { perIp: Number(env[`THROTTLE_${route}_PER_IP`]), perSubject: Number(env[`THROTTLE_${route}_PER_${subject}`]) };
}

/**
 * JWT_SECRET is unset (validation requires it in production). Beside a persisted embedded database the secret
 * is generated once and kept in a file there, so sessions, and the gateway credentials whose key derives from
 * it, survive a restart just as the data does. Otherwise (Postgres, in-memory PGlite, tests) a throwaway secret
 * keeps `npm start` zero-config; tokens die with the process.
 */
function developmentJwtSecret(nodeEnv: string, database: DatabaseConfig): string {
  const logger = new Logger('Config');
  if (nodeEnv !== 'test' && database.kind === 'pglite' && database.dataDir !== null) {
    const stored = readOrCreateSecretFile(jwtSecretFileIn(database.dataDir));
    logger.log(
      `JWT_SECRET is not set: using the development secret ${stored.created ? 'generated now and stored' : 'stored'} in ${stored.path} ` +
        '(kept with the embedded database; set JWT_SECRET in production)',
    );
    return stored.secret;
  }
  if (nodeEnv !== 'test') logger.warn('JWT_SECRET is not set: using a random per-process secret (tokens end with this process)');
  return randomBytes(32).toString('hex');
}

function databaseConfig(
  url: string | undefined,
  dataDir: string,
  timeouts: Pick<PostgresConfig, 'connectTimeoutMs' | 'statementTimeoutMs'>,
): DatabaseConfig {
  if (!url) return { kind: 'pglite', dataDir };
  if (url.startsWith('pglite://')) {
    const rest = url.slice('pglite://'.length);
    return { kind: 'pglite', dataDir: rest === 'memory' || rest === '' ? null : rest };
  }
  return { kind: 'postgres', url, ...timeouts };
}
