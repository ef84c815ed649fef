import { InitialSchema1764000000000 } from './1764000000000-initial-schema.js';
import { TeamInvitations1764000200000 } from './1764000200000-team-invitations.js';
import { McpCatalog1764000500000 } from './1764000500000-mcp-catalog.js';
import { AccessEpoch1764000600000 } from './1764000600000-access-epoch.js';
import { CredentialVersion1764000700000 } from './1764000700000-credential-version.js';
import { CatalogOwnerUserId1764000800000 } from './1764000800000-catalog-owner-user-id.js';
import { InvitationsEndWithInviter1764000900000 } from './1764000900000-invitations-end-with-inviter.js';
import { LitellmKeyFields1764001000000 } from './1764001000000-litellm-key-fields.js';
import { LitellmTeamUserFields1764001100000 } from './1764001100000-litellm-team-user-fields.js';
import { Organizations1764001200000 } from './1764001200000-organizations.js';
import { ApiTokens1764001300000 } from './1764001300000-api-tokens.js';
import { TeamJoinRequests1764001400000 } from './1764001400000-team-join-requests.js';
import { PasswordResetTokens1764001500000 } from './1764001500000-password-reset-tokens.js';
import { AuditEvents1764001600000 } from './1764001600000-audit-events.js';
import { ChangeNotifications1764001700000 } from './1764001700000-change-notifications.js';
import { LoginBackoff1764001800000 } from './1764001800000-login-backoff.js';

/** Every migration, oldest first (ESM builds cannot glob-load them). */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  TeamInvitations1764000200000,
  McpCatalog1764000500000,
  AccessEpoch1764000600000,
  CredentialVersion1764000700000,
  CatalogOwnerUserId1764000800000,
  InvitationsEndWithInviter1764000900000,
  LitellmKeyFields1764001000000,
  LitellmTeamUserFields1764001100000,
  Organizations1764001200000,
  ApiTokens1764001300000,
  TeamJoinRequests1764001400000,
  PasswordResetTokens1764001500000,
  AuditEvents1764001600000,
  ChangeNotifications1764001700000,
  LoginBackoff1764001800000,
];
