import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import type { GatewayAuthType } from './entities/gateway.entity.js';
import type { GatewayAuthFields } from './dto/gateway-auth.fields.js';

export type UpstreamHeaders = Record<string, string>;

export interface GatewayCredentials {
  authType: GatewayAuthType;
  headers: UpstreamHeaders;
}

const invalid = (field: string, msg: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, msg, { issues: [{ loc: ['body', field], msg, type: 'value_error' }] });

/**
 * The headers the upstream server gets, from ContextForge's credential fields. `undefined`: the request says
 * nothing about credentials (keep what is stored); `null`: no credentials.
 */
export function credentialsFrom(fields: GatewayAuthFields): GatewayCredentials | null | undefined {
  switch (fields.auth_type) {
    case undefined:
      return undefined;
    case null:
    case 'none':
    case '':
      return null;
    case 'basic': {
      if (!fields.auth_username || !fields.auth_password) {
        throw invalid('auth_username', "For 'basic' auth, both 'auth_username' and 'auth_password' must be provided.");
      }
      const encoded = Buffer.from(`${fields.auth_username}:${fields.auth_password}`, 'utf8').toString('base64');
      return { authType: 'basic', headers: { Authorization: `Basic ${encoded}` } };
    }
    case 'bearer':
      if (!fields.auth_token) throw invalid('auth_token', "For 'bearer' auth, 'auth_token' must be provided.");
      return { authType: 'bearer', headers: { Authorization: `Bearer ${fields.auth_token}` } };
    case 'authheaders': {
      const headers: UpstreamHeaders = {};
      for (const header of fields.auth_headers ?? []) headers[header.key] = header.value;
      if (fields.auth_header_key && fields.auth_header_value) headers[fields.auth_header_key] = fields.auth_header_value;
      if (Object.keys(headers).length === 0) {
        throw invalid('auth_headers', "For 'authheaders' auth, give auth_headers or auth_header_key and auth_header_value.");
      }
      return { authType: 'authheaders', headers };
    }
  }
}

/**
 * AES-256-GCM over the JSON of the headers: `v1.<iv>.<tag>.<ciphertext>` (base64url). A stolen database alone
 * does not yield upstream credentials.
 */
export class CredentialCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`portcullis:gateway-credentials:${secret}`, 'utf8').digest();
  }

  seal(headers: UpstreamHeaders): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(headers), 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open(sealed: string): UpstreamHeaders {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unreadable stored gateway credentials');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as UpstreamHeaders;
  }
}
