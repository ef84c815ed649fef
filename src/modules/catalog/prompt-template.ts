import { DomainError, ErrorCode, type FieldIssue } from '../../common/errors/domain-error.js';
import type { PromptArgument } from './entities/prompt.entity.js';

/** A rendered prompt may not grow past this (a short template with many large arguments could otherwise). */
export const MAX_RENDERED_CHARS = 1024 * 1024;

/** `{{ name }}`: a name, optionally padded with spaces. Nothing else between the braces is read, let alone run. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

const invalid = (issues: FieldIssue[]): DomainError =>
  new DomainError(ErrorCode.VALIDATION_FAILED, issues.map((issue) => issue.msg).join('; '), { issues });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The arguments of `POST /prompts/{id}`. ContextForge takes the body itself as the arguments (`{"name": "x"}`,
 * string values only); MCP clients wrap them (`{"arguments": {...}}`). The wrapped form is read only when
 * `arguments` is the body's one field and an object, which the bare form could never validly send.
 */
export function promptArguments(body: unknown): Map<string, string> {
  if (body === undefined || body === null || body === '') return new Map();
  if (!isPlainObject(body)) throw invalid([{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }]);
  const keys = Object.keys(body);
  const wrapped = keys.length === 1 && keys[0] === 'arguments' && isPlainObject(body.arguments);
  const source = wrapped ? (body.arguments as Record<string, unknown>) : body;
  const issues: FieldIssue[] = [];
  const args = new Map<string, string>();
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === 'string') args.set(name, value);
    else
      issues.push({
        loc: wrapped ? ['body', 'arguments', name] : ['body', name],
        msg: 'Input should be a valid string',
        type: 'string_type',
      });
  }
  if (issues.length) throw invalid(issues);
  return args;
}

/** Declared required arguments the caller did not give: 422, one issue each, as FastAPI reports missing fields. */
export function assertRequiredArguments(declared: readonly PromptArgument[], args: ReadonlyMap<string, string>): void {
  const missing = declared.filter((arg) => arg.required === true && !args.has(arg.name));
  if (missing.length) {
    throw invalid(missing.map((arg) => ({ loc: ['body', arg.name], msg: `Missing required argument '${arg.name}'`, type: 'missing' })));
  }
}

/**
 * Substitutes `{{ name }}` placeholders with the arguments' text, once and literally: an argument's value is never
 * read as a template, and no expression, filter or statement is evaluated (`{{ a | upper }}`, `{% if %}` stay as
 * written). Names without a value render empty, as Jinja renders undefined variables.
 */
export function renderTemplate(template: string, args: ReadonlyMap<string, string>): string {
  let out = '';
  let from = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    out += template.slice(from, match.index) + (args.get(match[1]) ?? '');
    from = match.index + match[0].length;
    if (out.length > MAX_RENDERED_CHARS) break;
  }
  out += template.slice(from);
  if (out.length > MAX_RENDERED_CHARS) {
    throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The rendered prompt is longer than ${MAX_RENDERED_CHARS} characters`);
  }
  return out;
}
