import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { constantTimeEquals } from '../common/crypto/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { extractBearerCredential } from './credentials.js';
import type { Principal } from './principal.js';
import { PrincipalLoader } from './principal-loader.service.js';

export const API_KEY_STRATEGY = 'api-key';

/**
 * The master key and virtual (`sk-`) keys. Anything else is left to the JWT strategy; a `sk-` credential that
 * does not resolve is an error right here, so clients get LiteLLM's precise error type.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly principals: PrincipalLoader,
  ) {
    super();
  }

  async validate(request: FastifyRequest): Promise<Principal | null> {
    const credential = extractBearerCredential(request);
    if (!credential) return null;
    const masterKey = this.config.auth.masterKey;
    if (masterKey !== null && constantTimeEquals(credential, masterKey)) {
      return { kind: 'master_key', user: null, key: null, tokenTeams: null, accessEpoch: null };
    }
    if (!credential.startsWith('sk-')) return null;
    return this.principals.fromVirtualKey(credential);
  }
}
