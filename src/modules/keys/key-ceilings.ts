import { budgetValueOf } from './dto/record-of.validator.js';

/** What a non-admin's key may carry at most: the caller's own limits and those of the key's team. */
export interface KeyLimits {
  callerMaxBudget: number | null;
  callerModels: readonly string[];
  teamMaxBudget: number | null;
  teamModels: readonly string[];
}

export interface KeyGrant {
  max_budget?: number | null;
  models?: string[] | null;
  /** `{model: {budget_limit, time_period}}` or `{model: number}`. */
  model_max_budget?: Record<string, unknown> | null;
}

/** LiteLLM's special model names that stand for "whatever the team (or proxy) allows", never a widening. */
const MODEL_GROUPS = new Set(['all-team-models', 'all-proxy-models', 'no-default-models']);

/**
 * A key can never carry more than its creator holds (and a team key never more than its team): the first limit a
 * requested value breaks, as a message, or null. An empty model list on a user or team means "no restriction".
 */
export function keyCeilingViolation(grant: KeyGrant, limits: KeyLimits): { message: string; param: string } | null {
  for (const [model, value] of Object.entries(grant.model_max_budget ?? {})) {
    const limit = modelBudgetOf(value);
    for (const [ceiling, whose] of [
      [limits.teamMaxBudget, "the team's"],
      [limits.callerMaxBudget, 'your own'],
    ] as const) {
      // A per-model budget without a limit is no widening: the key's and team's overall budgets still apply.
      if (ceiling === null || limit === null) continue;
      if (limit > ceiling) {
        return {
          message: `model_max_budget for ${model} (${limit}) is higher than ${whose} max budget (${ceiling})`,
          param: 'model_max_budget',
        };
      }
    }
  }
  const budget = grant.max_budget;
  if (budget !== undefined) {
    for (const [ceiling, whose] of [
      [limits.teamMaxBudget, "the team's"],
      [limits.callerMaxBudget, 'your own'],
    ] as const) {
      if (ceiling === null) continue;
      if (budget === null || budget > ceiling) {
        return { message: `max_budget (${budget ?? 'unlimited'}) is higher than ${whose} max budget (${ceiling})`, param: 'max_budget' };
      }
    }
  }
  if (grant.models !== undefined) {
    const models = grant.models ?? [];
    for (const [allowed, whose] of [
      [limits.teamModels, "the team's"],
      [limits.callerModels, 'your own'],
    ] as const) {
      if (allowed.length === 0) continue;
      // An empty list on the key means "every model", which is wider than a restricted team or user.
      const outside = models.length === 0 ? ['(all models)'] : models.filter((m) => !allowed.includes(m) && !MODEL_GROUPS.has(m));
      if (outside.length > 0) return { message: `models ${outside.join(', ')} are outside ${whose} allowed models`, param: 'models' };
    }
  }
  return null;
}

/** The budget of one `model_max_budget` entry: its `budget_limit` (a number or numeric string) or a bare number. */
function modelBudgetOf(value: unknown): number | null {
  return budgetValueOf(value !== null && typeof value === 'object' ? (value as { budget_limit?: unknown }).budget_limit : value);
}
