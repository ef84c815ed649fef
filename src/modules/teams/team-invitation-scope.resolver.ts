import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { isUuid, TeamInvitationsService } from './team-invitations.service.js';

export const TEAM_INVITATION_RESOURCE = 'team-invitation';

/**
 * `DELETE /teams/invitations/{invitation_id}` acts in the invitation's team. Unknown ids resolve to nothing:
 * the guard lets the request through and the service answers 404.
 */
@Injectable()
export class TeamInvitationScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly invitations: TeamInvitationsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(TEAM_INVITATION_RESOURCE, {
      label: 'Invitation',
      resolve: async (references) => {
        const id = references.invitation_id;
        if (typeof id !== 'string' || !isUuid(id)) return [];
        const teamId = await this.invitations.teamOf(id);
        return teamId ? [{ id, teamId }] : [];
      },
    });
  }
}
