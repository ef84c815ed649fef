import type { Principal } from '../../auth/principal.js';

/**
 * What the audit log records. The rbac, users and keys modules write events through this interface; the audit
 * module (which sits above them, since its routes use rbac's decorators) implements it. Keeping the contract here,
 * below every module, is what lets both directions exist without an import cycle.
 */
export const AUDIT_EVENT_TYPES = [
  'login',
  'login_failed',
  'account_locked',
  'account_unlocked',
  'password_changed',
  'password_reset_requested',
  'password_reset',
  'registration',
  'role_granted',
  'role_revoked',
  'key_created',
  'key_updated',
  'key_deleted',
  'key_blocked',
  'key_unblocked',
  'key_regenerated',
  'token_created',
  'token_updated',
  'token_revoked',
  'access_denied',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** The events `/auth/email/events` lists: a person's own sign-in history and account changes. */
export const AUTH_EVENT_TYPES: readonly AuditEventType[] = [
  'login',
  'login_failed',
  'account_locked',
  'account_unlocked',
  'password_changed',
  'password_reset_requested',
  'password_reset',
  'registration',
];

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** Who acted: a user (possibly through one of their virtual keys), the master key, or nobody signed in. */
export interface AuditActor {
  kind: 'user' | 'virtual_key' | 'master_key' | 'anonymous';
  userId: string | null;
  email: string | null;
  keyId: string | null;
}

/** What was acted on: a user account (auth events), a role assignment's user, a key, a route. */
export interface AuditTarget {
  type: 'user' | 'role_assignment' | 'key' | 'token' | 'route';
  id?: string | null;
  name?: string | null;
}

/** Where the request came from; filled from the request context when the caller leaves it out. */
export interface AuditOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface AuditEventInput {
  type: AuditEventType;
  outcome: AuditOutcome;
  /** Left out: the request's caller (from the request context), else anonymous. */
  actor?: AuditActor;
  target?: AuditTarget;
  /** A short fixed reason for failures and denials (never user input, never a secret). */
  reason?: string | null;
  /** Extra facts. Never secrets: the recorder also drops any key that looks like one. */
  details?: Record<string, unknown>;
  origin?: AuditOrigin;
}

export interface AuditRecorder {
  /** Fire and forget: never throws, never delays the request; a failed write is logged. */
  record(event: AuditEventInput): void;
}

export const AUDIT_RECORDER = Symbol('AUDIT_RECORDER');

export const ANONYMOUS: AuditActor = { kind: 'anonymous', userId: null, email: null, keyId: null };

export function auditActorOf(principal: Principal | null | undefined): AuditActor {
  if (!principal) return ANONYMOUS;
  if (principal.kind === 'master_key') return { kind: 'master_key', userId: null, email: null, keyId: null };
  return {
    kind: principal.kind === 'virtual_key' ? 'virtual_key' : 'user',
    userId: principal.user?.id ?? null,
    email: principal.user?.email ?? null,
    keyId: principal.key?.id ?? null,
  };
}

/** A user acting on their own account (logins, resets), known by id and email. */
export const userActor = (user: { id: string; email: string | null }): AuditActor => ({
  kind: 'user',
  userId: user.id,
  email: user.email,
  keyId: null,
});
