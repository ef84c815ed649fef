/**
 * ContextForge's input rules for names, URIs, URLs and display text (its `SecurityValidator` with the default
 * settings), as pure checks: each returns what is wrong with the value, or null when it is acceptable. The
 * decorators in `input-safety.validators.ts` apply them to DTO fields.
 */

/** ContextForge's `validation_max_name_length`; URIs are held to it too. */
export const MAX_NAME_LENGTH = 255;
export const MAX_URL_LENGTH = 2048;

/** Letters, digits, `_`, `.`, `-` and the plain space (ContextForge's `validation_name_pattern`). */
const NAME = /^[a-zA-Z0-9_.\- ]+$/;
/** MCP tool names (SEP-986): may hold `/` and `.`, no spaces. */
const TOOL_NAME = /^[a-zA-Z0-9_][a-zA-Z0-9._/-]*$/;
const HTML_SPECIAL = /[<>"']/;
const DANGEROUS_TAGS =
  'script|iframe|object|embed|link|meta|base|form|img|svg|video|audio|source|track|area|map|canvas|applet|frame|frameset|html|head|body|style';
const DANGEROUS_HTML = new RegExp(`<(${DANGEROUS_TAGS})\\b|</*(${DANGEROUS_TAGS})>`, 'i');
const DANGEROUS_JS = /javascript:|vbscript:|on\w+\s*=|data:.*script/i;
const URI_UNSAFE = /[<>"'\\]/;
const URI_SAFE = /^[a-zA-Z0-9_\-.:/?=&%]+$/;
const URL_SCHEMES = ['http://', 'https://', 'ws://', 'wss://'];
const DANGEROUS_PROTOCOLS = /javascript:|data:|vbscript:|about:|chrome:|file:|ftp:|mailto:/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const ENCODED_BYTE = /%[0-9a-f]{2}/i;

/** A display name (servers, resources, prompts, gateways, teams, roles). */
export function nameProblem(value: string, field = 'Name'): string | null {
  if (value.length === 0) return `${field} cannot be empty`;
  if (!NAME.test(value)) {
    return `${field} can only contain letters, numbers, underscore, and hyphen. Special characters like <, >, quotes are not allowed.`;
  }
  if (value.length > MAX_NAME_LENGTH) return `${field} exceeds maximum length of ${MAX_NAME_LENGTH}`;
  return null;
}

/** An MCP tool name. */
export function toolNameProblem(value: string): string | null {
  if (value.length === 0) return 'Tool name cannot be empty';
  if (!TOOL_NAME.test(value) || HTML_SPECIAL.test(value)) {
    return 'Tool name must start with a letter, number, or underscore and contain only letters, numbers, periods, underscores, hyphens, and slashes';
  }
  if (value.length > MAX_NAME_LENGTH) return `Tool name exceeds maximum length of ${MAX_NAME_LENGTH}`;
  return null;
}

/** A resource URI: no traversal, no markup, a conservative character set. Checked as given and percent-decoded. */
export function uriProblem(value: string, field = 'URI'): string | null {
  if (value.length === 0) return `${field} cannot be empty`;
  const decoded = decodeOnce(value);
  if (decoded === null) return `${field} contains invalid percent-encoding`;
  if (ENCODED_BYTE.test(decoded)) return `${field} contains double-encoded characters which are not allowed`;
  if (CONTROL.test(decoded)) return `${field} contains control characters which are not allowed`;
  if (URI_UNSAFE.test(decoded)) return `${field} cannot contain HTML special characters`;
  if (decoded.includes('..')) return `${field} cannot contain directory traversal sequences ('..')`;
  if (!URI_SAFE.test(value)) return `${field} contains invalid characters`;
  if (value.length > MAX_NAME_LENGTH) return `${field} exceeds maximum length of ${MAX_NAME_LENGTH}`;
  return null;
}

/**
 * A URL the server will call or show: http(s)/ws(s) only, no smuggled protocols, control characters or markup.
 * Which hosts may be called is the outbound address policy's business, not this check's.
 */
export function urlProblem(value: string, field = 'URL'): string | null {
  if (value.length === 0) return `${field} cannot be empty`;
  if (value.length > MAX_URL_LENGTH) return `${field} exceeds maximum length of ${MAX_URL_LENGTH}`;
  const decoded = decodeOnce(value);
  if (decoded === null) return `${field} contains invalid percent-encoding`;
  if (ENCODED_BYTE.test(decoded)) return `${field} contains double-encoded characters which are not allowed`;
  const lower = value.toLowerCase();
  if (!URL_SCHEMES.some((scheme) => lower.startsWith(scheme))) return `${field} must start with one of: ${URL_SCHEMES.join(', ')}`;
  if (DANGEROUS_PROTOCOLS.test(decoded)) return `${field} contains unsupported or potentially dangerous protocol`;
  if (CONTROL.test(decoded)) return `${field} contains control characters which are not allowed`;
  let host: string;
  try {
    host = new URL(value).host;
  } catch {
    return `${field} is not a valid URL`;
  }
  if (host.length === 0) return `${field} is not a valid URL`;
  if (DANGEROUS_HTML.test(decoded)) return `${field} contains HTML tags that may cause security issues`;
  if (DANGEROUS_JS.test(decoded)) return `${field} contains script patterns that may cause security issues`;
  return null;
}

/** Free text shown in UIs (descriptions): no script-capable markup or script URLs. */
export function displayTextProblem(value: string, field = 'Description'): string | null {
  const decoded = decodeOnce(value) ?? value;
  for (const text of [value, decoded]) {
    if (DANGEROUS_HTML.test(text)) return `${field} contains HTML tags that may cause display issues`;
    if (DANGEROUS_JS.test(text)) return `${field} contains script patterns that may cause display issues`;
  }
  return null;
}

function decodeOnce(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
