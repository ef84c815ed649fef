import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { DecisionContext } from './access-snapshot.js';
import type { ResolvedResource } from './resource-scope.registry.js';

/**
 * What the permission guard authorized for this request: the handler acts on this and nothing else. Only the
 * guard records one (`recordAuthorizedTarget`); handlers read it with `@Authorized()`, so a service never
 * re-reads the request to decide which team or row to change.
 */
export class AuthorizedTarget {
  private constructor(
    /** Where the decision was made. */
    readonly context: DecisionContext,
    /** The team the request acts in: the declared team, or the caller's personal team; null for "any"/global. */
    readonly teamId: string | null,
    /** The resources the declared reference(s) named, each authorized in its own team. */
    readonly resources: readonly ResolvedResource[],
    /** Whether `teamId` was named by the request (rather than defaulted to the caller's personal team). */
    readonly teamNamed: boolean,
  ) {
    Object.freeze(this);
  }

  /** The single resource of a by-id route; undefined when nothing was found (the handler answers 404). */
  get resource(): ResolvedResource | undefined {
    return this.resources[0];
  }

  /** @internal for the guard: see `recordAuthorizedTarget`. */
  static create(
    context: DecisionContext,
    teamId: string | null,
    resources: readonly ResolvedResource[],
    teamNamed = false,
  ): AuthorizedTarget {
    return new AuthorizedTarget(context, teamId, Object.freeze([...resources]), teamNamed);
  }
}

// Keyed by the request object itself: nothing a client sends can place or replace an entry.
const authorized = new WeakMap<object, AuthorizedTarget>();

/** Called by PermissionsGuard once the engine said yes. */
export function recordAuthorizedTarget(request: object, target: AuthorizedTarget): void {
  authorized.set(request, target);
}

/** The target the guard authorized; a route without a permission decision has none, which is a programming error. */
export const Authorized = createParamDecorator((_data: unknown, context: ExecutionContext): AuthorizedTarget => {
  const target = authorized.get(context.switchToHttp().getRequest());
  if (!target) throw new Error('@Authorized() on a route the permission guard did not authorize');
  return target;
});
