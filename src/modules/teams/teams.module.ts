import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { UsersModule } from '../users/users.module.js';
import { LitellmTeamsController } from './litellm-teams.controller.js';
import { LitellmTeamsService } from './litellm-teams.service.js';
import { TeamsService } from './teams.service.js';

@Module({
  imports: [RbacModule, UsersModule, KeysModule],
  controllers: [LitellmTeamsController],
  providers: [TeamsService, LitellmTeamsService],
  exports: [TeamsService],
})
export class TeamsModule {}
