import { describe, expect, it } from '@jest/globals';
import { bodyTextProblem, jsonDeeperThan, textProblem, urlProblem } from './request-text.js';

describe('textProblem', () => {
  it.each(['plain', 'Ünïcödé 😀', ''])('accepts %p anywhere', (value) => {
    expect(textProblem(value, 'url')).toBeNull();
    expect(textProblem(value, 'body')).toBeNull();
  });
  it.each(['a\u0000b', '\u001b[31m', 'del\u007f', '\u0008'])('refuses control character in %p', (value) => {
    expect(textProblem(value, 'body')).toBe('control characters are not allowed');
    expect(textProblem(value, 'url')).toBe('control characters are not allowed');
  });
  it('lets bodies (not URLs) hold tabs and line breaks', () => {
    expect(textProblem('a\tb\r\nc', 'body')).toBeNull();
    expect(textProblem('a\nb', 'url')).toBe('control characters are not allowed');
  });
  it.each(['\ud800', 'x\udfffy', '\ud83d'])('refuses the lone surrogate in %p', (value) =>
    expect(textProblem(value, 'body')).toBe('unpaired UTF-16 surrogates are not allowed'),
  );
});

describe('urlProblem', () => {
  it.each(['/teams', '/teams/abc?visibility=public&x=%E2%82%AC', '/t?q=a+b&flag', '/t?'])('accepts %p', (url) =>
    expect(urlProblem(url)).toBeNull(),
  );
  it.each([
    ['/teams/%00', ['path'], 'text'],
    ['/teams?visibility=%00', ['query', 'visibility'], 'text'],
    ['/auth/email/login?next=%E0%A4%A', ['query', 'next'], 'encoding'],
    ['/t?%zz=1', ['query', '%zz'], 'encoding'],
    ['/t?a=%ed%a0%80', ['query', 'a'], 'encoding'],
    ['/t?a=%ff', ['query', 'a'], 'encoding'],
  ])('refuses %p at %p', (url, loc, kind) => {
    const problem = urlProblem(url);
    expect(problem?.loc).toEqual(loc);
    expect(problem?.kind).toBe(kind);
  });
});

describe('jsonDeeperThan', () => {
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonDeeperThan(nested(64), 64)).toBe(false);
    expect(jsonDeeperThan(nested(65), 64)).toBe(true);
    expect(jsonDeeperThan('{"a":{"b":[1]}}', 2)).toBe(true);
    expect(jsonDeeperThan(JSON.stringify({ a: '[[[[[[\\"{{{{' }), 1)).toBe(false);
  });
  it('reads 3,000 levels without recursion', () => expect(jsonDeeperThan('{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000), 64)).toBe(true));
});

describe('bodyTextProblem', () => {
  it('finds a bad string where it is', () =>
    expect(bodyTextProblem({ tool: { tags: ['ok', 'b\u0000d'] } })).toEqual({
      loc: ['body', 'tool', 'tags', 1],
      msg: 'control characters are not allowed',
    }));
  it('checks field names too', () => expect(bodyTextProblem({ 'a\u0000': 1 })?.loc).toEqual(['body']));
  it('lets everything else through', () => expect(bodyTextProblem({ a: [1, null, true, 'x\ny'], b: { c: 'ü' } })).toBeNull());
});
