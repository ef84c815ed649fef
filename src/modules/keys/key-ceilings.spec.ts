import { describe, expect, it } from '@jest/globals';
import { keyCeilingViolation, type KeyGrant, type KeyLimits } from './key-ceilings.js';

const open: KeyLimits = { callerMaxBudget: null, callerModels: [], teamMaxBudget: null, teamModels: [] };

const cases: [label: string, grant: KeyGrant, limits: KeyLimits, violated: string | null][] = [
  ['no limits: anything', { max_budget: 1e9, models: ['gpt-4'] }, open, null],
  ['fields not set: nothing to check', {}, { ...open, teamMaxBudget: 1, teamModels: ['a'] }, null],
  ['within the team budget', { max_budget: 10 }, { ...open, teamMaxBudget: 10 }, null],
  ['above the team budget', { max_budget: 11 }, { ...open, teamMaxBudget: 10 }, 'max_budget'],
  ['unlimited under a team budget', { max_budget: null }, { ...open, teamMaxBudget: 10 }, 'max_budget'],
  ['above the caller budget', { max_budget: 6 }, { ...open, callerMaxBudget: 5 }, 'max_budget'],
  ['team models: subset', { models: ['a'] }, { ...open, teamModels: ['a', 'b'] }, null],
  ['team models: outside', { models: ['a', 'c'] }, { ...open, teamModels: ['a', 'b'] }, 'models'],
  ['team models: all models is wider', { models: [] }, { ...open, teamModels: ['a'] }, 'models'],
  ['team models: the team group is fine', { models: ['all-team-models'] }, { ...open, teamModels: ['a'] }, null],
  ['caller models: outside', { models: ['b'] }, { ...open, callerModels: ['a'] }, 'models'],
  ['model budget: no ceilings', { model_max_budget: { a: { budget_limit: 1e6 } } }, open, null],
  [
    'model budget: within the team budget',
    { model_max_budget: { a: { budget_limit: 10, time_period: '1d' } } },
    { ...open, teamMaxBudget: 10 },
    null,
  ],
  [
    'model budget: above the team budget',
    { model_max_budget: { a: { budget_limit: 11 } } },
    { ...open, teamMaxBudget: 10 },
    'model_max_budget',
  ],
  [
    'model budget: a numeric string counts',
    { model_max_budget: { a: { budget_limit: '11' } } },
    { ...open, teamMaxBudget: 10 },
    'model_max_budget',
  ],
  ['model budget: a bare number counts', { model_max_budget: { a: 6 } }, { ...open, callerMaxBudget: 5 }, 'model_max_budget'],
  [
    'model budget: above the caller budget',
    { model_max_budget: { a: { budget_limit: 6 } } },
    { ...open, callerMaxBudget: 5 },
    'model_max_budget',
  ],
  ['model budget: no limit given is no widening', { model_max_budget: { a: { time_period: '1d' } } }, { ...open, teamMaxBudget: 1 }, null],
  ['model budget: cleared', { model_max_budget: null }, { ...open, teamMaxBudget: 1 }, null],
];

describe('keyCeilingViolation', () => {
  for (const [label, grant, limits, violated] of cases) {
    it(label, () => {
      expect(keyCeilingViolation(grant, limits)?.param ?? null).toBe(violated);
    });
  }
});
