/**
 * The engine's visibility rule (access-evaluator `canSee`) in the shape a listing needs to turn it into SQL:
 * built from the same snapshot, so a listing and a by-id decision cannot disagree.
 */
export interface VisibilityView {
  /** The caller's user id (null for the master key): owners see their own rows in the teams they act in. */
  userId: string | null;
  /** Teams whose `team` rows the caller sees: their memberships, narrowed by the token. */
  teamIds: readonly string[];
  /** Platform admins and auditors see every `team` row too, but still never other users' private rows. */
  seesAllShared: boolean;
  /** False for public-only tokens (`teams: []`): nothing but public rows, not even the caller's own. */
  seesOwn: boolean;
}
