import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import type { AccessDenial } from '../../common/errors/access-denial.js';
import {
  evaluate,
  evaluateForwarded,
  forwardedRestriction,
  holdsPermission,
  keyManagedTeams,
  mayIssueTokenIn,
  organizationAdminTeamIds,
  requestRestriction,
  seesAllShared,
  seesTeamTokens,
  visibleOrganizationIds,
  visibleTeamIds,
} from './access-evaluator.js';
import type { AccessSnapshot, Decision, DecisionContext, DenialReason, RequestFacts, ResourceFacts } from './access-snapshot.js';
import type { ForwardedRequest } from './forwarded-request.js';
import { AccessSnapshotLoader } from './access-snapshot.loader.js';
import { principalOf } from './rbac-subjects.js';
import { SubjectDirectory } from './subject-directory.js';
import type { EntityManager } from 'typeorm';
import type { VisibilityView } from './visibility-view.js';

/**
 * Answers "may this principal do this, here?" for guards and services alike: loads the caller's snapshot once
 * per request (memoised on the principal object) and asks the pure evaluator.
 */
@Injectable()
export class RolesService {
  private readonly snapshots = new WeakMap<Principal, Promise<AccessSnapshot>>();

  constructor(
    private readonly loader: AccessSnapshotLoader,
    private readonly directory: SubjectDirectory,
  ) {}

  snapshot(principal: Principal): Promise<AccessSnapshot> {
    let snapshot = this.snapshots.get(principal);
    if (!snapshot) {
      snapshot = this.loader.load(principal);
      this.snapshots.set(principal, snapshot);
    }
    return snapshot;
  }

  /** `route`: the route template being called, when the question comes from a request (keys' `allowed_routes`). */
  async decide(
    principal: Principal,
    permission: string,
    context: DecisionContext,
    resource?: ResourceFacts,
    route?: string,
  ): Promise<Decision> {
    try {
      return evaluate(await this.snapshot(principal), permission, context, resource, new Date(), route);
    } catch {
      // Anything that throws denies.
      return { granted: false, grantedBy: [], membership: null, reason: 'MISSING_PERMISSION' };
    }
  }

  /** Throws ACCESS_DENIED (with the why, for the surface to render) unless granted. */
  async require(
    principal: Principal,
    permission: string,
    context: DecisionContext,
    options: { resource?: ResourceFacts; route: string; resourceLabel?: string },
  ): Promise<Decision> {
    const decision = await this.decide(principal, permission, context, options.resource, options.route);
    if (decision.granted) return decision;
    const snapshot = await this.snapshot(principal);
    const teamId = context.kind === 'team' ? context.teamId : null;
    const denial: AccessDenial = {
      permission,
      teamId,
      reason: decision.reason ?? 'MISSING_PERMISSION',
      route: options.route,
      allowedRoutes: teamId ? [...(snapshot.memberships.get(teamId)?.memberRoutes ?? [])] : undefined,
      callerId: snapshot.callerId,
      resourceLabel: options.resourceLabel,
    };
    throw new DomainError(ErrorCode.ACCESS_DENIED, 'Access denied', { denial });
  }

  /**
   * Whether another user (by id) holds `permission` here right now, as they would on a request of their own: for
   * rights that were delegated earlier (an invitation) and must still stand when they are used.
   */
  async userMay(manager: EntityManager, userId: string, permission: string, context: DecisionContext): Promise<boolean> {
    const user = await this.directory.users.findById(userId, manager);
    if (!user || !user.isActive) return false;
    return evaluate(await this.loader.load(principalOf(user)), permission, context).granted;
  }

  /**
   * What an API token allows of the request itself (address, time window, server), on every authenticated request
   * whatever the route decides; throws ACCESS_DENIED with the engine's reason. Other callers are not restricted
   * here (and no snapshot is loaded for them).
   */
  async requireRequestAllowed(principal: Principal, request: RequestFacts, route: string): Promise<void> {
    if (principal.kind !== 'api_token') return;
    const snapshot = await this.snapshot(principal);
    const reason = requestRestriction(snapshot, request, new Date());
    if (!reason) return;
    const denial: AccessDenial = { permission: '', teamId: null, reason, route, callerId: snapshot.callerId, clientIp: request.clientIp };
    throw new DomainError(ErrorCode.ACCESS_DENIED, 'Access denied', { denial });
  }

  /** Forward auth: what the credential allows of the forwarded request (see the engine's `forwardedRestriction`). */
  async forwardedRestriction(principal: Principal, request: ForwardedRequest): Promise<DenialReason | null> {
    return forwardedRestriction(await this.snapshot(principal), request, new Date());
  }

  /** Forward auth: a permission on a resource for a forwarded request (see the engine's `evaluateForwarded`). */
  async decideForwarded(
    principal: Principal,
    request: ForwardedRequest,
    permission: string,
    context: DecisionContext,
    resource: ResourceFacts,
  ): Promise<Decision> {
    try {
      return evaluateForwarded(await this.snapshot(principal), request, permission, context, resource, new Date());
    } catch {
      return { granted: false, grantedBy: [], membership: null, reason: 'MISSING_PERMISSION' };
    }
  }

  /** Whether the caller holds `permission` in `context` now (see the engine's `holdsPermission`): what they may delegate. */
  async holds(principal: Principal, permission: string, context: DecisionContext): Promise<boolean> {
    try {
      return holdsPermission(await this.snapshot(principal), permission, context, new Date());
    } catch {
      return false;
    }
  }

  /** See the engine's `mayIssueTokenIn`. */
  async mayIssueTokenIn(principal: Principal, teamId: string): Promise<boolean> {
    return mayIssueTokenIn(await this.snapshot(principal), teamId);
  }

  /** See the engine's `seesTeamTokens`. */
  async seesTeamTokens(principal: Principal, teamId: string): Promise<boolean> {
    return seesTeamTokens(await this.snapshot(principal), teamId);
  }

  async isPlatformAdmin(principal: Principal): Promise<boolean> {
    return (await this.decide(principal, '*', { kind: 'global' })).granted;
  }

  /**
   * Platform admins and auditors (LiteLLM proxy_admin_viewer) read across all teams. Every user holds global
   * `*.read` permissions through platform_viewer, so those alone say nothing about seeing other teams' rows.
   */
  async readsEverything(principal: Principal): Promise<boolean> {
    return seesAllShared(await this.snapshot(principal));
  }

  /** The engine's visibility rule in the shape listings need (see VisibilityView). */
  async catalogViewer(principal: Principal): Promise<VisibilityView> {
    const snapshot = await this.snapshot(principal);
    return {
      userId: snapshot.userId,
      teamIds: visibleTeamIds(snapshot),
      seesAllShared: seesAllShared(snapshot),
      seesOwn: !(snapshot.tokenTeams !== null && snapshot.tokenTeams.length === 0),
    };
  }

  /** The teams the caller manages as an organization admin without being a member (see `organizationAdminTeamIds`). */
  async organizationAdminTeamIds(principal: Principal): Promise<string[]> {
    return organizationAdminTeamIds(await this.snapshot(principal));
  }

  /** The teams whose keys the caller manages (see `keyManagedTeams`). */
  async keyManagedTeams(principal: Principal): Promise<string[]> {
    return keyManagedTeams(await this.snapshot(principal));
  }

  /** The organizations whose rows the caller reads (see `visibleOrganizationIds`). */
  async visibleOrganizationIds(principal: Principal): Promise<string[] | 'all'> {
    return visibleOrganizationIds(await this.snapshot(principal));
  }

  /** The caller's personal team, the default home of what they create. */
  async personalTeamId(principal: Principal): Promise<string | null> {
    return (await this.snapshot(principal)).personalTeamId;
  }
}
