import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { UsersModule } from '../users/users.module.js';
import { LitellmTeamsController } from './litellm-teams.controller.js';
import { LitellmTeamsV2Controller } from './litellm-teams-v2.controller.js';
import { LitellmTeamsService } from './litellm-teams.service.js';
import { LitellmUsersController } from './litellm-users.controller.js';
import { LitellmUsersService } from './litellm-users.service.js';

/**
 * LiteLLM's `/team/*` and `/user/*` surface over the shared features. It sits above them (teams, users, keys),
 * so the features never import each other for the sake of one API: `/user/new` issuing a first key is composed
 * here, not inside the users module.
 */
@Module({
  imports: [RbacModule, UsersModule, TeamsModule, KeysModule, OrganizationsModule],
  controllers: [LitellmTeamsController, LitellmTeamsV2Controller, LitellmUsersController],
  providers: [LitellmTeamsService, LitellmUsersService],
})
export class LitellmModule {}
