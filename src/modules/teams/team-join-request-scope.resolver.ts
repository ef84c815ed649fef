import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { TeamJoinRequestsService } from './team-join-requests.service.js';

/** Approving or rejecting: the request, decided in its team (owners hold `teams.manage_members` there). */
export const TEAM_JOIN_REQUEST_RESOURCE = 'team-join-request';

/** The requester's cancel: their own request, a private row decided outside any team (they are not in it yet). */
export const OWN_JOIN_REQUEST_RESOURCE = 'own-team-join-request';

/**
 * Join-request routes name the team and the request (`/teams/{team_id}/join-requests/{request_id}`): a request
 * resolves only through the team the path names, so `/teams/A/join-requests/<request of B>` finds nothing (the
 * guard lets it through undecided and the service answers 404). Unknown ids resolve to nothing the same way.
 */
@Injectable()
export class TeamJoinRequestScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly requests: TeamJoinRequestsService,
  ) {}

  onModuleInit(): void {
    const find = async (references: Readonly<Record<string, unknown>>) => {
      const { team_id: teamId, request_id: requestId } = references;
      return typeof teamId === 'string' && typeof requestId === 'string' ? this.requests.findInTeam(teamId, requestId) : null;
    };
    this.registry.register(TEAM_JOIN_REQUEST_RESOURCE, {
      label: 'Join request',
      resolve: async (references) => {
        const request = await find(references);
        return request ? [{ id: request.id, teamId: request.teamId }] : [];
      },
    });
    this.registry.register(OWN_JOIN_REQUEST_RESOURCE, {
      label: 'Join request',
      resolve: async (references) => {
        const request = await find(references);
        // Private and owned: the engine shows it to the requester alone (platform admins included: 404).
        return request ? [{ id: request.id, teamId: null, visibility: 'private', ownerUserId: request.userId }] : [];
      },
    });
  }
}
