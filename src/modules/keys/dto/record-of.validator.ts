import { registerDecorator, type ValidationOptions } from 'class-validator';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isNonNegativeInt = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** A LiteLLM budget: a number, or a numeric string (its CRUD endpoints pass `budget_limit` as one). */
export function budgetValueOf(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
}

/** `{model: {budget_limit, time_period?}}` (LiteLLM's BudgetConfig) or the older `{model: number}`. */
function isModelBudget(value: unknown): boolean {
  if (budgetValueOf(value) !== null && typeof value === 'number') return true;
  if (!isPlainObject(value)) return false;
  const { budget_limit: limit, time_period: period } = value;
  if (limit !== undefined && limit !== null && budgetValueOf(limit) === null) return false;
  return period === undefined || period === null || typeof period === 'string';
}

function recordOf(check: (value: unknown) => boolean, expected: string, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'recordOf',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be an object of model name to ${expected}`, ...options },
      validator: { validate: (value: unknown) => isPlainObject(value) && Object.values(value).every(check) },
    });
}

/** `{"gpt-4": 100}`: per-model rpm/tpm limits. */
export const IsModelLimits = (options?: ValidationOptions) => recordOf(isNonNegativeInt, 'a non-negative integer', options);

/** `{"gpt-4": {"budget_limit": 0.5, "time_period": "1d"}}` (or `{"gpt-4": 0.5}`). */
export const IsModelBudgets = (options?: ValidationOptions) => recordOf(isModelBudget, '{budget_limit, time_period} or a number', options);
