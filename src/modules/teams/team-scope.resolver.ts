import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type ResolvedResource, ResourceScopeRegistry, TEAM_RESOLVER } from '../rbac/resource-scope.registry.js';
import { TeamEntity } from './entities/team.entity.js';
import { TeamsService } from './teams.service.js';

/**
 * Team-scoped routes act on a team: the guard asks this for the team's facts so the engine can apply the team
 * visibility rule (public teams are seen by everyone, others by their members). Unknown teams resolve to nothing.
 */
@Injectable()
export class TeamScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly teams: TeamsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(TEAM_RESOLVER, {
      label: 'Team',
      resolve: async (references) => {
        const team = typeof references.id === 'string' ? await this.teams.findById(references.id) : null;
        if (!team) return [];
        // The team itself goes with the facts: a handler that only reads it answers from this row (`loadedTeamOf`).
        return [
          { id: team.id, teamId: team.id, visibility: team.visibility === 'public' && !team.isPersonal ? 'public' : 'team', loaded: team },
        ];
      },
    });
  }
}

/** The team the resolver read for this request, if the authorized resource is one. */
export function loadedTeamOf(resource: ResolvedResource | undefined): TeamEntity | undefined {
  return resource?.loaded instanceof TeamEntity ? resource.loaded : undefined;
}
