import Joi from 'joi';
import { MIN_JWT_SECRET_LENGTH } from './development-jwt-secret.js';

const cidr = Joi.string().ip({ cidr: 'required' });

/** `10.0.0.0/8, fd00::/8` -> the list, or an error naming the item that is not a CIDR. */
const cidrList: Joi.CustomValidator<string, string[]> = (value, helpers) => {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = items.find((item) => cidr.validate(item).error);
  return bad === undefined ? items : helpers.message({ custom: `{{#label}} has "${bad}", which is not a CIDR (address/prefix)` });
};

/**
 * TRUST_PROXY, as Fastify's `trustProxy` takes it: `false` (or unset), `true`, a hop count, or a comma-separated list
 * of proxy addresses / CIDRs (or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`).
 */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const trustProxy: Joi.CustomValidator<string, boolean | number | string[]> = (value, helpers) => {
  const text = value.trim().toLowerCase();
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^\d+$/.test(text)) return Number(text);
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = items.find((item) => !PROXY_RANGE_NAMES.has(item) && Joi.string().ip({ cidr: 'optional' }).validate(item).error);
  return bad === undefined && items.length > 0
    ? items
    : helpers.message({ custom: `{{#label}} must be true, false, a hop count or addresses/CIDRs (has "${bad ?? value}")` });
};

/** Requests allowed per throttle window (THROTTLE_WINDOW_SECONDS). */
const perWindow = (fallback: number) => Joi.number().integer().min(1).max(10_000_000).empty('').default(fallback);

/**
 * Every environment variable the server reads, validated once at boot. A bad value stops the server with a
 * message naming the variable, instead of failing later on the first request that needs it.
 */
export const envSchema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  PORT: Joi.number().port().default(4000),
  HOST: Joi.string().default('0.0.0.0'),
  DATABASE_URL: Joi.string()
    .pattern(/^(postgres(ql)?:\/\/|pglite:\/\/)/)
    .message('DATABASE_URL must start with postgres://, postgresql:// or pglite://')
    .optional(),
  PGLITE_DATA_DIR: Joi.string().default('./.data'),
  // Bounds on every wait for Postgres, so that an outage answers 503 instead of hanging: opening a connection or
  // waiting for a free one, and one statement (0 turns the statement bound off).
  DATABASE_CONNECT_TIMEOUT_MS: Joi.number().integer().min(100).max(120_000).empty('').default(3000),
  DATABASE_STATEMENT_TIMEOUT_MS: Joi.number().integer().min(0).max(3_600_000).empty('').default(10_000),
  // On SIGTERM: how long requests in flight may take to finish (new ones get 503) before the server closes anyway.
  SHUTDOWN_GRACE_MS: Joi.number().integer().min(0).max(600_000).empty('').default(10_000),
  MASTER_KEY: Joi.string().min(4).optional(),
  LITELLM_MASTER_KEY: Joi.string().min(4).optional(),
  // Empty counts as unset (`JWT_SECRET=` in .env). Unset outside production: a generated development secret.
  JWT_SECRET: Joi.string().min(MIN_JWT_SECRET_LENGTH).empty('').when('NODE_ENV', { is: 'production', then: Joi.required() }),
  JWT_ISSUER: Joi.string().default('portcullis'),
  JWT_AUDIENCE: Joi.string().default('portcullis-api'),
  JWT_EXPIRES_IN: Joi.string()
    .pattern(/^\d+[smhd]?$/)
    .default('1h'),
  PLATFORM_ADMIN_EMAIL: Joi.string().email({ tlds: false }).default('admin@example.com'),
  // Set: the admin's password is made this one at every boot where it differs (empty counts as unset).
  PLATFORM_ADMIN_PASSWORD: Joi.string().min(8).empty('').when('NODE_ENV', { is: 'production', then: Joi.required() }),
  LOG_LEVEL: Joi.string().valid('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent').default('info'),
  // The log (JSON lines, access log included) goes to standard output unless a file is named here.
  LOG_FILE: Joi.string().empty('').optional(),
  // MCP gateways: how long registering or refreshing a gateway may take to connect, initialise and list.
  GATEWAY_CONNECT_TIMEOUT_MS: Joi.number().integer().min(100).max(120_000).default(5000),
  // Key for the upstream credentials stored with gateways (ContextForge's name); defaults to one derived from JWT_SECRET.
  AUTH_ENCRYPTION_SECRET: Joi.string().min(16).empty('').optional(),
  // Where gateways may point: private networks and loopback unless switched off, never the ranges in GATEWAY_DENY_CIDRS
  // (comma-separated), link-local or cloud metadata addresses.
  GATEWAY_ALLOW_PRIVATE_NETWORKS: Joi.boolean().empty('').default(true),
  GATEWAY_ALLOW_LOOPBACK: Joi.boolean().empty('').default(true),
  GATEWAY_DENY_CIDRS: Joi.string().empty('').custom(cidrList).optional(),
  // ContextForge: any signed-in user may create a team (and own it) unless this is false; platform admins always may.
  ALLOW_TEAM_CREATION: Joi.boolean().empty('').default(true),
  // Self-service accounts (ContextForge's names): public registration is off unless switched on; password resets
  // by mailed single-use token are on, each token valid this many minutes.
  PUBLIC_REGISTRATION_ENABLED: Joi.boolean().empty('').default(false),
  PASSWORD_RESET_ENABLED: Joi.boolean().empty('').default(true),
  PASSWORD_RESET_TOKEN_EXPIRY_MINUTES: Joi.number().integer().min(1).max(10_080).empty('').default(60),
  PASSWORD_RESET_URL_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .empty('')
    .optional(),
  // In-process caches of credentials, users and access snapshots (entries in total, split between them); kept
  // fresh by per-entity change notifications from the database.
  ACCESS_CACHE_MAX_ENTRIES: Joi.number().integer().min(100).max(10_000_000).empty('').default(100_000),
  // Mail delivery: SMTP when SMTP_HOST is set, else logged (without the text) and kept in an in-memory outbox.
  SMTP_HOST: Joi.string().hostname().empty('').optional(),
  SMTP_PORT: Joi.number().port().empty('').default(587),
  SMTP_USER: Joi.string().empty('').optional(),
  SMTP_PASSWORD: Joi.string().empty('').optional(),
  SMTP_FROM_EMAIL: Joi.string().email({ tlds: false }).empty('').optional(),
  SMTP_USE_TLS: Joi.boolean().empty('').default(true),
  // Whose X-Forwarded-For / -Proto to believe (Fastify's trustProxy): nobody's unless set. Per-IP limits and API
  // token IP restrictions read the client address, so trusting anyone would let every client pick its own.
  TRUST_PROXY: Joi.string().empty('').custom(trustProxy).default(false),
  // Shared state between instances (abuse-limit counters). Unset: each instance counts in memory.
  REDIS_URL: Joi.string()
    .pattern(/^rediss?:\/\//)
    .message('REDIS_URL must start with redis:// or rediss://')
    .empty('')
    .optional(),
  REDIS_KEY_PREFIX: Joi.string().empty('').default('portcullis:'),
  // Abuse limits: requests per window, per client address and per account (login, password reset, registration)
  // or per caller (key and token issuance).
  THROTTLE_WINDOW_SECONDS: Joi.number().integer().min(1).max(86_400).empty('').default(60),
  THROTTLE_LOGIN_PER_IP: perWindow(30),
  THROTTLE_LOGIN_PER_ACCOUNT: perWindow(10),
  THROTTLE_PASSWORD_RESET_PER_IP: perWindow(10),
  THROTTLE_PASSWORD_RESET_PER_ACCOUNT: perWindow(5),
  THROTTLE_REGISTER_PER_IP: perWindow(10),
  THROTTLE_REGISTER_PER_ACCOUNT: perWindow(5),
  THROTTLE_ISSUANCE_PER_IP: perWindow(60),
  THROTTLE_ISSUANCE_PER_PRINCIPAL: perWindow(60),
  // Failed logins: this many are free per account (and per address and account), then each further one doubles the
  // wait, from LOGIN_BACKOFF_BASE_MS up to LOGIN_BACKOFF_MAX_SECONDS.
  LOGIN_BACKOFF_FREE_FAILURES: Joi.number().integer().min(1).max(1000).empty('').default(5),
  LOGIN_BACKOFF_BASE_MS: Joi.number().integer().min(1).max(3_600_000).empty('').default(1000),
  LOGIN_BACKOFF_MAX_SECONDS: Joi.number().integer().min(1).max(86_400).empty('').default(900),
}).unknown(true);
