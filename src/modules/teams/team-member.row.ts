import type { MembershipRole } from './entities/team-member.entity.js';

/** One member of a team as the teams service lists it (LiteLLM's field names, which both views start from). */
export interface MemberRow {
  user_id: string;
  user_email: string | null;
  role: MembershipRole;
  max_budget_in_team: number | null;
  spend: number;
}
