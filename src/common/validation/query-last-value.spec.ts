import { describe, expect, it } from '@jest/globals';
import { lastValueWins } from './query-last-value.js';

describe('lastValueWins', () => {
  it('takes the last value of a repeated scalar parameter, as FastAPI does', () => {
    expect(lastValueWins({ visibility: ['public', 'team'], limit: '5' }, () => false)).toEqual({ visibility: 'team', limit: '5' });
  });

  it('keeps parameters declared as lists as lists', () => {
    expect(lastValueWins({ ids: ['a', 'b'], team_id: ['x', 'y'] }, (name) => name === 'ids')).toEqual({ ids: ['a', 'b'], team_id: 'y' });
  });

  it('returns the same object when nothing repeats', () => {
    const query = { a: '1' };
    expect(lastValueWins(query, () => false)).toBe(query);
    expect(lastValueWins(undefined, () => false)).toBeUndefined();
  });
});
