import { describe, expect, it } from '@jest/globals';
import { assertTeamWithinOrganization, type OrganizationCeilings, type TeamAsk } from './organization-bounds.js';

const bounded: OrganizationCeilings = { id: 'org', models: ['gpt-4o', 'claude-3'], maxBudget: 100 };
const unbounded: OrganizationCeilings = { id: 'org', models: [], maxBudget: null };

describe('assertTeamWithinOrganization', () => {
  const cases: [label: string, organization: OrganizationCeilings, team: TeamAsk, allowed: boolean][] = [
    ['nothing asked', bounded, {}, true],
    ['a lower budget', bounded, { maxBudget: 50 }, true],
    ['the same budget', bounded, { maxBudget: 100 }, true],
    ['a higher budget', bounded, { maxBudget: 101 }, false],
    ["no budget of its own (spends within the organization's)", bounded, { maxBudget: null }, true],
    ["a subset of the organization's models", bounded, { models: ['gpt-4o'] }, true],
    ['a model outside them', bounded, { models: ['gpt-4o', 'o1'] }, false],
    ["no models (inherits the organization's)", bounded, { models: [] }, true],
    ['anything under an unbounded organization', unbounded, { maxBudget: 1e9, models: ['o1'] }, true],
  ];
  for (const [label, organization, team, allowed] of cases) {
    it(`${label}: ${allowed ? 'allowed' : '400'}`, () => {
      const run = () => assertTeamWithinOrganization(organization, team);
      if (allowed) expect(run).not.toThrow();
      else expect(run).toThrow();
    });
  }
});
