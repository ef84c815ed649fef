import { Module } from '@nestjs/common';
import { RbacModule } from '../rbac/rbac.module.js';
import { UsersModule } from '../users/users.module.js';
import { ContextforgeTeamReader } from './contextforge-team.reader.js';
import { ContextforgeTeamsController } from './contextforge-teams.controller.js';
import { ContextforgeTeamsService } from './contextforge-teams.service.js';
import { MembershipsService } from './memberships.service.js';
import { PersonalTeamProvisionerImpl } from './personal-team.provisioner.js';
import { RbacTeamDirectoryProvider } from './rbac-team-directory.js';
import { TeamScopeResolver } from './team-scope.resolver.js';
import { TeamInvitationScopeResolver } from './team-invitation-scope.resolver.js';
import { TeamInvitationsService } from './team-invitations.service.js';
import { TeamJoinRequestScopeResolver } from './team-join-request-scope.resolver.js';
import { TeamJoinRequestsService } from './team-join-requests.service.js';
import { TeamsService } from './teams.service.js';

@Module({
  imports: [RbacModule, UsersModule],
  controllers: [ContextforgeTeamsController],
  providers: [
    TeamsService,
    ContextforgeTeamsService,
    ContextforgeTeamReader,
    TeamInvitationsService,
    TeamInvitationScopeResolver,
    TeamJoinRequestsService,
    TeamJoinRequestScopeResolver,
    TeamScopeResolver,
    RbacTeamDirectoryProvider,
    MembershipsService,
    PersonalTeamProvisionerImpl,
  ],
  exports: [TeamsService, MembershipsService, ContextforgeTeamsService, TeamInvitationsService],
})
export class TeamsModule {}
