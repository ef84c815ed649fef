/**
 * Text no route accepts, checked once for the whole request (see hostile-input.hooks.ts): C0 control characters
 * (NUL first: Postgres refuses it in text, "invalid byte sequence"), DEL, lone UTF-16 surrogates, and URL escapes
 * that do not decode to UTF-8. Bodies may hold tabs and line breaks (descriptions, templates); URLs may not.
 */

// eslint-disable-next-line no-control-regex
const CONTROL_IN_URL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_IN_BODY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The deepest JSON nesting a body may have; no DTO comes close, and class-transformer recurses per level. */
export const MAX_JSON_DEPTH = 64;

export function textProblem(value: string, where: 'url' | 'body'): string | null {
  if ((where === 'url' ? CONTROL_IN_URL : CONTROL_IN_BODY).test(value)) return 'control characters are not allowed';
  if (LONE_SURROGATE.test(value)) return 'unpaired UTF-16 surrogates are not allowed';
  return null;
}

export interface UrlProblem {
  /** `path`, or the query parameter's name (its raw text when that does not decode). */
  loc: ['path'] | ['query', string];
  msg: string;
  /** `encoding`: an escape that does not decode (the URL is unreadable); `text`: it decodes to refused text. */
  kind: 'encoding' | 'text';
}

/** A URL's path and each query parameter's name and value, percent-decoded as the routes will read them. */
export function urlProblem(url: string): UrlProblem | null {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const pathProblem = decodedProblem(path);
  if (pathProblem) return { loc: ['path'], ...pathProblem };
  if (queryStart === -1) return null;
  for (const pair of url.slice(queryStart + 1).split('&')) {
    const [name, value = ''] = splitOnce(pair.replaceAll('+', ' '), '=');
    const problem = decodedProblem(name) ?? decodedProblem(value);
    if (problem) return { loc: ['query', decodeOrRaw(name)], ...problem };
  }
  return null;
}

/** Whether JSON text nests deeper than `max` arrays and objects; a linear scan that skips strings. */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > max) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** The first string (or key) of a parsed body that is refused, with where it was: `["body", "tool", "name"]`. */
export function bodyTextProblem(value: unknown, loc: (string | number)[] = ['body']): { loc: (string | number)[]; msg: string } | null {
  if (typeof value === 'string') {
    const msg = textProblem(value, 'body');
    return msg ? { loc, msg } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const keyMsg = typeof key === 'string' ? textProblem(key, 'body') : null;
    if (keyMsg) return { loc, msg: `field names: ${keyMsg}` };
    const problem = bodyTextProblem(child, [...loc, key]);
    if (problem) return problem;
  }
  return null;
}

function decodedProblem(raw: string): Omit<UrlProblem, 'loc'> | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { msg: 'malformed percent-encoding (an escape that is not UTF-8)', kind: 'encoding' };
  }
  const msg = textProblem(decoded, 'url');
  return msg ? { msg, kind: 'text' } : null;
}

function decodeOrRaw(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
