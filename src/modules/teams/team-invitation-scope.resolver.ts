import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { type ResourceScope, ResourceScopeRegistry } from '../rbac/resource-scope.registry.js';
import { isUuid } from './team-invitations.service.js';

export const TEAM_INVITATION_RESOURCE = 'team-invitation';

/**
 * `DELETE /teams/invitations/{invitation_id}` acts in the invitation's team. Unknown ids resolve to nothing:
 * the guard lets the request through and the service answers 404.
 */
@Injectable()
export class TeamInvitationScopeResolver implements OnModuleInit {
  constructor(
    private readonly registry: ResourceScopeRegistry,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register(TEAM_INVITATION_RESOURCE, (request) => this.resolve(request));
  }

  async resolve(request: FastifyRequest): Promise<ResourceScope[]> {
    const id = (request.params as Record<string, unknown> | undefined)?.invitation_id;
    if (typeof id !== 'string' || !isUuid(id)) return [];
    const rows: { team_id: string }[] = await this.dataSource.query(`SELECT team_id FROM team_invitations WHERE id = $1`, [id]);
    return rows.map((row) => ({ teamId: row.team_id }));
  }
}
