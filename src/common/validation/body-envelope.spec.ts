import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { unwrapBodyEnvelope } from './body-envelope.js';

const spec = { key: 'tool', outer: ['team_id', 'visibility'] } as const;

describe('unwrapBodyEnvelope', () => {
  it('keeps the nested shape as it is', () => {
    const body = { tool: { name: 't' }, team_id: 'A', visibility: 'team' };
    expect(unwrapBodyEnvelope(body, spec)).toEqual(body);
  });

  it('wraps a flat body, leaving the outer fields outside', () => {
    expect(unwrapBodyEnvelope({ name: 't', url: 'https://x', team_id: 'A', visibility: 'team' }, spec)).toEqual({
      tool: { name: 't', url: 'https://x' },
      team_id: 'A',
      visibility: 'team',
    });
    expect(unwrapBodyEnvelope({ tool: null, name: 't' }, spec)).toEqual({ tool: { name: 't' } });
  });

  it('moves outer fields given inside the nested object out, so the guard reads them', () => {
    expect(unwrapBodyEnvelope({ tool: { name: 't', team_id: 'B', visibility: 'private' } }, spec)).toEqual({
      tool: { name: 't' },
      team_id: 'B',
      visibility: 'private',
    });
    // The same value on both sides, or an empty one inside, is no conflict.
    expect(unwrapBodyEnvelope({ tool: { name: 't', team_id: 'A' }, team_id: 'A' }, spec)).toEqual({ tool: { name: 't' }, team_id: 'A' });
    expect(unwrapBodyEnvelope({ tool: { name: 't', team_id: null }, team_id: 'A' }, spec)).toEqual({ tool: { name: 't' }, team_id: 'A' });
  });

  it('refuses a body naming two different teams (or visibilities): 400, never one of them silently', () => {
    for (const body of [
      { tool: { name: 't', team_id: 'B' }, team_id: 'A' },
      { tool: { name: 't', visibility: 'public' }, visibility: 'private' },
    ]) {
      expect(() => unwrapBodyEnvelope(body, spec)).toThrow(DomainError);
    }
  });

  it('leaves what is not an object to the validators', () => {
    for (const body of [null, 'x', [1], { tool: 'x' }, { tool: [1] }]) expect(unwrapBodyEnvelope(body, spec)).toBe(body);
  });
});
