import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors/domain-error.js';
import { assertRequiredArguments, MAX_RENDERED_CHARS, promptArguments, renderTemplate } from './prompt-template.js';

const args = (entries: Record<string, string>) => new Map(Object.entries(entries));
const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as DomainError).code, issues: (error as DomainError).details.issues };
  }
  throw new Error('expected a DomainError');
};

describe('renderTemplate', () => {
  it.each([
    ['Hello {{name}}', { name: 'Ada' }, 'Hello Ada'],
    ['Hello {{ name }} and {{name}}', { name: 'Ada' }, 'Hello Ada and Ada'],
    ['{{a}}{{b}}', { a: '1', b: '2' }, '12'],
    ['no placeholders', { name: 'x' }, 'no placeholders'],
    ['missing {{ other }}!', {}, 'missing !'],
    // Values are text: a value that looks like a template is not rendered again.
    ['{{a}}', { a: '{{b}}', b: 'leak' }, '{{b}}'],
    // Expressions, filters, attribute access and statements are not evaluated: they stay as written.
    ['{{ 7*7 }}', {}, '{{ 7*7 }}'],
    ['{{ name | upper }}', { name: 'x' }, '{{ name | upper }}'],
    ['{{ name.__class__ }}', { name: 'x' }, '{{ name.__class__ }}'],
    [
      "{% if x %}y{% endif %}{{ cycler.__init__.__globals__.os.popen('id') }}",
      {},
      "{% if x %}y{% endif %}{{ cycler.__init__.__globals__.os.popen('id') }}",
    ],
    ['{{constructor}}{{__proto__}}{{toString}}', {}, ''],
    ['$& $1 {{a}}', { a: '$& $1 $$' }, '$& $1 $& $1 $$'],
  ])('%j with %j renders %j', (template, values, expected) => {
    expect(renderTemplate(template, args(values))).toBe(expected);
  });

  it('refuses to grow past the limit (413), whatever the arguments', () => {
    const big = 'x'.repeat(64 * 1024);
    const template = '{{a}}'.repeat(20);
    expect(issuesOf(() => renderTemplate(template, args({ a: big })))).toEqual({ code: 'PAYLOAD_TOO_LARGE', issues: undefined });
    expect(renderTemplate('{{a}}', args({ a: 'y'.repeat(MAX_RENDERED_CHARS) }))).toHaveLength(MAX_RENDERED_CHARS);
  });
});

describe('promptArguments', () => {
  it('reads the bare form (ContextForge) and the wrapped form (MCP)', () => {
    expect(promptArguments({ name: 'Ada' })).toEqual(args({ name: 'Ada' }));
    expect(promptArguments({ arguments: { name: 'Ada' } })).toEqual(args({ name: 'Ada' }));
    // A string `arguments` is a bare argument of that name.
    expect(promptArguments({ arguments: 'text' })).toEqual(args({ arguments: 'text' }));
    expect(promptArguments(undefined)).toEqual(new Map());
    expect(promptArguments({})).toEqual(new Map());
  });

  it('refuses non-string values and non-object bodies (422, naming the field)', () => {
    expect(issuesOf(() => promptArguments({ n: 1, ok: 'x' }))).toEqual({
      code: 'VALIDATION_FAILED',
      issues: [{ loc: ['body', 'n'], msg: 'Input should be a valid string', type: 'string_type' }],
    });
    expect(issuesOf(() => promptArguments({ arguments: { n: null } }))?.issues?.[0].loc).toEqual(['body', 'arguments', 'n']);
    expect(issuesOf(() => promptArguments([1]))?.issues?.[0]).toEqual({
      loc: ['body'],
      msg: 'Input should be a valid dictionary',
      type: 'dict_type',
    });
  });
});

describe('assertRequiredArguments', () => {
  const declared = [
    { name: 'who', required: true },
    { name: 'mood', required: false },
    { name: 'when', required: true },
  ];
  it('passes when every required argument is given', () => {
    expect(() => assertRequiredArguments(declared, args({ who: 'a', when: 'now' }))).not.toThrow();
  });
  it('names each missing required argument (422)', () => {
    expect(issuesOf(() => assertRequiredArguments(declared, args({ mood: 'x' })))).toEqual({
      code: 'VALIDATION_FAILED',
      issues: [
        { loc: ['body', 'who'], msg: "Missing required argument 'who'", type: 'missing' },
        { loc: ['body', 'when'], msg: "Missing required argument 'when'", type: 'missing' },
      ],
    });
  });
});
