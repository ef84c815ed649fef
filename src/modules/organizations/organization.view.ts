import type { OrganizationMemberEntity } from './entities/organization-member.entity.js';
import type { OrganizationEntity } from './entities/organization.entity.js';

/** An organization as LiteLLM clients read it (`LiteLLM_OrganizationTable`, its budget inlined as LiteLLM joins it). */
export function toLitellmOrganization(organization: OrganizationEntity) {
  return {
    organization_id: organization.id,
    organization_alias: organization.alias,
    budget_id: null,
    metadata: organization.metadata,
    models: organization.models,
    spend: organization.spend,
    model_spend: {},
    created_at: organization.createdAt.toISOString(),
    created_by: organization.createdBy,
    updated_at: organization.updatedAt.toISOString(),
    updated_by: organization.createdBy,
    litellm_budget_table: {
      max_budget: organization.maxBudget,
      budget_duration: organization.budgetDuration,
      tpm_limit: organization.tpmLimit,
      rpm_limit: organization.rpmLimit,
    },
  };
}

/** A user as an organization membership names them. */
export interface MemberUser {
  user_id: string;
  user_email: string | null;
}

/** `LiteLLM_OrganizationMembershipTable`. */
export function toLitellmOrganizationMembership(member: OrganizationMemberEntity, user: MemberUser) {
  return {
    user_id: user.user_id,
    user_email: user.user_email,
    organization_id: member.organizationId,
    user_role: member.role,
    spend: member.spend,
    budget_id: null,
    created_at: member.createdAt.toISOString(),
    updated_at: member.updatedAt.toISOString(),
  };
}
