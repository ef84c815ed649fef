import { createHash } from 'node:crypto';
import { type ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal.js';
import { APP_CONFIG, type AppConfig, type ThrottleLimits } from '../../config/app-config.js';
import { tooManyRequests } from '../errors/domain-error.js';
import { clientAddressOf } from './client-address.js';

export const ABUSE_LIMIT = 'portcullis:abuse-limit';

/**
 * The limits a route counts against (config `abuse`): `login`, `password_reset` and `register` per client address
 * and per account (the email in the body; the token of a reset), `issuance` per client address and per caller.
 */
export type AbuseLimitName = 'login' | 'password_reset' | 'register' | 'issuance';

/**
 * Who may skip the per-account login count: an address that has not failed for the account (the users module's
 * back-off knows). Counting every request for an account would let a stranger keep its owner out for as long as
 * they keep sending; counting only addresses that have failed for it holds back every guesser and never the owner
 * at an address that has not failed. A fresh address gets one uncounted try, after which it has failed.
 */
export const ACCOUNT_LIMIT_EXEMPTION = Symbol('ACCOUNT_LIMIT_EXEMPTION');
export interface AccountLimitExemption {
  /** `account` is the lowercased email. */
  isExempt(account: string, clientIp: string): Promise<boolean>;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Per-route abuse limits (see `@AbuseLimit`): each request counts once against its client address and once against
 * its subject (the account named in the body, the reset token, or the authenticated caller); either count over its
 * limit answers 429 with Retry-After, in the route's own error envelope. Counters are per limit name, not per route,
 * so the API login and the admin UI login share them.
 *
 * Not a global guard: only the routes that carry `@AbuseLimit` pay for it.
 */
@Injectable()
export class AbuseLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(ACCOUNT_LIMIT_EXEMPTION) private readonly exemption?: AccountLimitExemption,
  ) {
    super(options, storage, reflector);
    this.commonOptions = {};
  }

  /** No module-wide named throttlers: each route's limits come from its `@AbuseLimit` and the config. */
  override async onModuleInit(): Promise<void> {}

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<AbuseLimitName | undefined>(ABUSE_LIMIT, context.getHandler());
    if (!name) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const limits = this.limitsOf(name);
    const address = clientAddressOf(request);
    const trackers: [tracker: string, subject: string | null, limit: number][] = [
      ['ip', address, limits.perIp],
      [name === 'issuance' ? 'principal' : 'account', await this.subjectOf(name, request), limits.perSubject],
    ];
    const ttl = this.config.abuse.windowMs;
    for (const [tracker, subject, limit] of trackers) {
      if (subject === null) continue;
      await this.handleRequest({
        context,
        limit,
        ttl,
        blockDuration: ttl,
        throttler: { name: tracker, limit, ttl, setHeaders: false },
        getTracker: () => subject,
        // Hashed: emails and tokens do not sit in Redis in clear.
        generateKey: () => `${name}:${tracker}:${sha256(subject)}`,
      });
    }
    return true;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    throw tooManyRequests(`Too many requests. Try again in ${seconds} seconds.`, seconds);
  }

  private limitsOf(name: AbuseLimitName): ThrottleLimits {
    const { login, passwordReset, register, issuance } = this.config.abuse;
    return { login, password_reset: passwordReset, register, issuance }[name];
  }

  /** Whom the second count is about; null when the request names nobody (it fails validation anyway) or is exempt. */
  private async subjectOf(name: AbuseLimitName, request: FastifyRequest & { user?: Principal }): Promise<string | null> {
    if (name === 'issuance') {
      const principal = request.user;
      if (!principal) return null;
      return principal.user ? `user:${principal.user.id}` : principal.key ? `key:${principal.key.id}` : principal.kind;
    }
    const params = request.params as Record<string, unknown> | undefined;
    if (typeof params?.token === 'string') return `reset-token:${params.token}`;
    const email = (request.body as Record<string, unknown> | undefined)?.email;
    if (typeof email !== 'string' || email.trim() === '') return null;
    const account = email.trim().toLowerCase();
    if (name === 'login' && (await this.exemption?.isExempt(account, clientAddressOf(request)))) return null;
    return `email:${account}`;
  }
}
