import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_UNPAGED_ROWS, pageSizeOf, tagsOf } from './cursor-page.js';

describe('pageSizeOf', () => {
  it('is the default without a limit, the limit up to the maximum, and the cap for 0 ("all")', () => {
    expect(pageSizeOf(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSizeOf(7)).toBe(7);
    expect(pageSizeOf(MAX_PAGE_SIZE + 1)).toBe(MAX_PAGE_SIZE);
    expect(pageSizeOf(0)).toBe(MAX_UNPAGED_ROWS);
    expect(MAX_UNPAGED_ROWS).toBe(10_000);
  });
});

describe('tagsOf', () => {
  it('splits on commas, trims and drops empty tags', () => {
    expect(tagsOf('api, data,,  ')).toEqual(['api', 'data']);
    expect(tagsOf(undefined)).toEqual([]);
  });
});
