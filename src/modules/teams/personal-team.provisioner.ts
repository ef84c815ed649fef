import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type PersonalTeamOwner, type PersonalTeamProvisioner, PersonalTeamsRegistry } from '../users/personal-teams.registry.js';

/** Every user's personal team and owner membership, made in the transaction that creates the user. */
@Injectable()
export class PersonalTeamProvisionerImpl implements PersonalTeamProvisioner, OnModuleInit {
  constructor(private readonly registry: PersonalTeamsRegistry) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async create(manager: EntityManager, owner: PersonalTeamOwner): Promise<string> {
    const label = owner.email ?? owner.userId;
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO teams (name, slug, description, created_by, is_personal, visibility)
       VALUES ($1, $2, $3, $4, true, 'private') RETURNING id`,
      [`${label}'s Team`, `personal-${owner.id}`, `Personal team of ${label}`, owner.id],
    );
    await manager.query(`INSERT INTO team_members (team_id, user_id, role) VALUES ($1, $2, 'owner')`, [rows[0].id, owner.id]);
    return rows[0].id;
  }

  async deleteOf(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM teams WHERE created_by = $1 AND is_personal`, [userId]);
  }
}
