import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { KeysModule } from '../keys/keys.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { RbacModule } from '../rbac/rbac.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { UsersModule } from '../users/users.module.js';
import { ForwardAuthController } from './forward-auth.controller.js';
import { ForwardAuthService } from './forward-auth.service.js';
import { UsageFactsCache } from './usage-facts.cache.js';
import { acceptForwardedBodies } from './forwarded-body.parser.js';

/** Forward auth: any proxy delegates its authorization decisions to Portcullis (README, "Forward auth"). */
@Module({
  imports: [RbacModule, KeysModule, TeamsModule, OrganizationsModule, UsersModule],
  controllers: [ForwardAuthController],
  providers: [ForwardAuthService, UsageFactsCache],
})
export class ForwardAuthModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) acceptForwardedBodies(fastify);
  }
}
