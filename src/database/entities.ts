import { AuditEventEntity } from '../modules/audit/entities/audit-event.entity.js';
import { PromptEntity } from '../modules/catalog/entities/prompt.entity.js';
import { ResourceEntity } from '../modules/catalog/entities/resource.entity.js';
import { ServerPromptEntity, ServerResourceEntity, ServerToolEntity } from '../modules/catalog/entities/server-items.entity.js';
import { ServerEntity } from '../modules/catalog/entities/server.entity.js';
import { ToolEntity } from '../modules/catalog/entities/tool.entity.js';
import { GatewayEntity } from '../modules/gateways/entities/gateway.entity.js';
import { ApiKeyEntity } from '../modules/keys/entities/api-key.entity.js';
import { RoleAssignmentEntity } from '../modules/rbac/entities/role-assignment.entity.js';
import { OrganizationMemberEntity } from '../modules/organizations/entities/organization-member.entity.js';
import { OrganizationEntity } from '../modules/organizations/entities/organization.entity.js';
import { RoleEntity } from '../modules/rbac/entities/role.entity.js';
import { TeamInvitationEntity } from '../modules/teams/entities/team-invitation.entity.js';
import { TeamJoinRequestEntity } from '../modules/teams/entities/team-join-request.entity.js';
import { TeamMemberEntity } from '../modules/teams/entities/team-member.entity.js';
import { TeamEntity } from '../modules/teams/entities/team.entity.js';
import { PasswordResetTokenEntity } from '../modules/users/entities/password-reset-token.entity.js';
import { UserEntity } from '../modules/users/entities/user.entity.js';

/** Listed explicitly: ESM builds cannot glob-load entity files. */
export const ENTITIES = [
  UserEntity,
  TeamEntity,
  TeamMemberEntity,
  RoleEntity,
  RoleAssignmentEntity,
  ApiKeyEntity,
  TeamInvitationEntity,
  TeamJoinRequestEntity,
  GatewayEntity,
  ToolEntity,
  ResourceEntity,
  PromptEntity,
  ServerEntity,
  // The join tables of ServerEntity's relations, described for the schema builder (see server-items.entity.ts).
  ServerToolEntity,
  ServerResourceEntity,
  ServerPromptEntity,
  OrganizationEntity,
  OrganizationMemberEntity,
  PasswordResetTokenEntity,
  AuditEventEntity,
];
