import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PrincipalUser } from '../../auth/principal.js';
import type { MembershipRole } from '../teams/entities/team-member.entity.js';
import type { OrganizationRole } from './access-snapshot.js';

export interface SubjectUser extends PrincipalUser {
  isActive: boolean;
}

/** One active membership of a user in an active team, as the engine needs it. */
export interface MembershipFacts {
  teamId: string;
  role: MembershipRole;
  isPersonal: boolean;
  memberPermissions: string[];
}

export interface TeamFacts {
  id: string;
  name: string | null;
  isActive: boolean;
  isPersonal: boolean;
}

/** What the engine asks about users; the users module answers (it owns `users`). */
export interface RbacUserDirectory {
  /** By email (lower-cased) or LiteLLM `user_id`; an email match wins. */
  findByEmailOrUserId(emailOrUserId: string): Promise<SubjectUser | null>;
  findById(id: string, manager?: EntityManager): Promise<SubjectUser | null>;
}

/** What the engine asks about teams and memberships; the teams module answers (it owns `teams`, `team_members`). */
export interface RbacTeamDirectory {
  /** On the hot path (snapshot loads): one statement. */
  activeMemberships(userId: string): Promise<MembershipFacts[]>;
  personalTeamOf(userId: string): Promise<string | null>;
  find(teamId: string): Promise<TeamFacts | null>;
  namesOf(teamIds: string[]): Promise<Map<string, string | null>>;
  /** The teams of these organizations (snapshot loads of organization members): one statement. */
  teamsOfOrganizations(organizationIds: string[]): Promise<{ teamId: string; organizationId: string }[]>;
}

/** What the engine asks about organizations; the organizations module answers (it owns `organization_members`). */
export interface RbacOrganizationDirectory {
  /** On the hot path (snapshot loads): one statement. */
  membershipsOf(userId: string): Promise<{ organizationId: string; role: OrganizationRole }[]>;
}

/**
 * rbac sits below users and teams (they import it), yet the engine reads their rows: each owning module
 * registers its reader here in `onModuleInit` (as resolvers do with ResourceScopeRegistry), so rbac never runs
 * SQL on their tables and never imports them.
 */
@Injectable()
export class SubjectDirectory {
  private userDirectory?: RbacUserDirectory;
  private teamDirectory?: RbacTeamDirectory;
  private organizationDirectory?: RbacOrganizationDirectory;

  provideUsers(directory: RbacUserDirectory): void {
    if (this.userDirectory) throw new Error('The RBAC user directory was provided twice');
    this.userDirectory = directory;
  }

  provideTeams(directory: RbacTeamDirectory): void {
    if (this.teamDirectory) throw new Error('The RBAC team directory was provided twice');
    this.teamDirectory = directory;
  }

  provideOrganizations(directory: RbacOrganizationDirectory): void {
    if (this.organizationDirectory) throw new Error('The RBAC organization directory was provided twice');
    this.organizationDirectory = directory;
  }

  get users(): RbacUserDirectory {
    if (!this.userDirectory) throw new Error('No RBAC user directory: the users module provides it');
    return this.userDirectory;
  }

  get teams(): RbacTeamDirectory {
    if (!this.teamDirectory) throw new Error('No RBAC team directory: the teams module provides it');
    return this.teamDirectory;
  }

  get organizations(): RbacOrganizationDirectory {
    if (!this.organizationDirectory) throw new Error('No RBAC organization directory: the organizations module provides it');
    return this.organizationDirectory;
  }
}
