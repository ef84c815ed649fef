import { badRequest } from '../../common/errors/domain-error.js';

/** What an organization imposes on its teams. */
export interface OrganizationCeilings {
  id: string;
  models: readonly string[];
  maxBudget: number | null;
}

/** What a team asks for (undefined: not asked; null: unbounded). */
export interface TeamAsk {
  models?: readonly string[] | null;
  maxBudget?: number | null;
}

/**
 * LiteLLM: a team in an organization may not exceed the organization's budget, nor use models outside its list
 * (400). An organization without models or budget bounds nothing there; a team without models or budget of its own
 * inherits the organization's.
 */
export function assertTeamWithinOrganization(organization: OrganizationCeilings, team: TeamAsk): void {
  // A team without a budget of its own spends within the organization's.
  if (organization.maxBudget !== null && team.maxBudget !== undefined && team.maxBudget !== null) {
    if (team.maxBudget > organization.maxBudget) {
      throw badRequest(
        `max_budget ${team.maxBudget} exceeds the organization's max_budget=${organization.maxBudget} (organization_id=${organization.id})`,
        'max_budget',
      );
    }
  }
  if (organization.models.length > 0 && team.models) {
    const outside = team.models.filter((model) => !organization.models.includes(model));
    if (outside.length > 0) {
      throw badRequest(
        `Models ${outside.join(', ')} are not in the organization's models ${JSON.stringify(organization.models)} (organization_id=${organization.id})`,
        'models',
      );
    }
  }
}
