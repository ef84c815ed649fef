import { ApiKeyEntity } from '../modules/keys/entities/api-key.entity.js';
import { RoleAssignmentEntity } from '../modules/rbac/entities/role-assignment.entity.js';
import { RoleEntity } from '../modules/rbac/entities/role.entity.js';
import { TeamMemberEntity } from '../modules/teams/entities/team-member.entity.js';
import { TeamEntity } from '../modules/teams/entities/team.entity.js';
import { UserEntity } from '../modules/users/entities/user.entity.js';

/** Listed explicitly: ESM builds cannot glob-load entity files. */
export const ENTITIES = [UserEntity, TeamEntity, TeamMemberEntity, RoleEntity, RoleAssignmentEntity, ApiKeyEntity];
