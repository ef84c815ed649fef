import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The user a personal team is made for. */
export interface PersonalTeamOwner {
  id: string;
  userId: string;
  email: string | null;
}

/** Every user has a personal team; the teams module (which owns `teams` and `team_members`) makes and removes it. */
export interface PersonalTeamProvisioner {
  /** Creates the team and the user's owner membership in the caller's transaction; answers the team id. */
  create(manager: EntityManager, owner: PersonalTeamOwner): Promise<string>;
  /** Removes the user's personal team (memberships cascade), in the caller's transaction. */
  deleteOf(manager: EntityManager, userId: string): Promise<void>;
}

/**
 * Users sit below teams (teams import users), so the teams module registers its provisioner here in
 * `onModuleInit` (as resolvers do with rbac's ResourceScopeRegistry). Users are only created from requests and
 * `onApplicationBootstrap`, both after every module's init.
 */
@Injectable()
export class PersonalTeamsRegistry {
  private provisioner?: PersonalTeamProvisioner;

  register(provisioner: PersonalTeamProvisioner): void {
    if (this.provisioner) throw new Error('A personal team provisioner was registered twice');
    this.provisioner = provisioner;
  }

  get(): PersonalTeamProvisioner {
    if (!this.provisioner) throw new Error('No personal team provisioner: the teams module registers it');
    return this.provisioner;
  }
}
