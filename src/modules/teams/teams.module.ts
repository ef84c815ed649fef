import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { UsersModule } from '../users/users.module.js';
import { ContextforgeTeamReader } from './contextforge-team.reader.js';
import { ContextforgeTeamsController } from './contextforge-teams.controller.js';
import { ContextforgeTeamsService } from './contextforge-teams.service.js';
import { LitellmTeamsController } from './litellm-teams.controller.js';
import { LitellmTeamsService } from './litellm-teams.service.js';
import { TeamScopeResolver } from './team-scope.resolver.js';
import { TeamInvitationScopeResolver } from './team-invitation-scope.resolver.js';
import { TeamInvitationsService } from './team-invitations.service.js';
import { TeamsService } from './teams.service.js';

@Module({
  imports: [RbacModule, UsersModule, KeysModule],
  controllers: [LitellmTeamsController, ContextforgeTeamsController],
  providers: [
    TeamsService,
    LitellmTeamsService,
    ContextforgeTeamsService,
    ContextforgeTeamReader,
    TeamInvitationsService,
    TeamInvitationScopeResolver,
    TeamScopeResolver,
  ],
  exports: [TeamsService],
})
export class TeamsModule {}
