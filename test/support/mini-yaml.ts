/**
 * Reads the small YAML subset our deployment files use (block maps and lists, flow lists of scalars, quoted and
 * plain scalars, `&anchor`, `*alias` and `<<: *alias` merges), so a test can check compose.yaml's structure
 * without a YAML dependency. Anything else is an error rather than a guess.
 */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };
type YamlMap = { [key: string]: YamlValue };

interface Line {
  indent: number;
  text: string;
  number: number;
}

export function parseYamlSubset(source: string): YamlMap {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, index) => {
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '') return;
    lines.push({ indent: text.length - text.trimStart().length, text: text.trim(), number: index + 1 });
  });
  const anchors = new Map<string, YamlValue>();
  let position = 0;

  function fail(line: Line, why: string): never {
    throw new Error(`line ${line.number}: ${why}: ${line.text}`);
  }

  function scalar(text: string, line: Line): YamlValue {
    if (text.startsWith('*')) {
      const name = text.slice(1);
      if (!anchors.has(name)) fail(line, `unknown alias *${name}`);
      return anchors.get(name)!;
    }
    if (text.startsWith('[')) {
      if (!text.endsWith(']')) fail(line, 'unclosed flow list');
      const inner = text.slice(1, -1).trim();
      return inner === '' ? [] : splitOutsideQuotes(inner, ',').map((item) => scalar(item.trim(), line));
    }
    if (text.startsWith('{')) fail(line, 'flow maps are not supported');
    const quote = text[0];
    if (quote === "'" || quote === '"') {
      if (!text.endsWith(quote) || text.length < 2) fail(line, 'unclosed quote');
      return text.slice(1, -1);
    }
    return text;
  }

  /** The block starting at `position`, whose lines are indented exactly `indent`. */
  function block(indent: number): YamlValue {
    const first = lines[position];
    return first.text.startsWith('- ') || first.text === '-' ? list(indent) : map(indent);
  }

  function list(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    while (position < lines.length && lines[position].indent === indent && lines[position].text.startsWith('- ')) {
      const line = lines[position++];
      items.push(scalar(line.text.slice(2).trim(), line));
    }
    return items;
  }

  function map(indent: number): YamlMap {
    const entries: YamlMap = {};
    const merged: YamlMap[] = [];
    while (position < lines.length && lines[position].indent === indent) {
      const line = lines[position++];
      const colon = findKeyColon(line.text);
      if (colon < 0) fail(line, 'expected "key: value"');
      const key = String(scalar(line.text.slice(0, colon).trim(), line));
      let rest = line.text.slice(colon + 1).trim();
      let anchor: string | null = null;
      if (rest.startsWith('&')) {
        [anchor, rest] = [rest.split(/\s+/)[0].slice(1), rest.split(/\s+/).slice(1).join(' ')];
      }
      let value: YamlValue;
      if (rest !== '') value = scalar(rest, line);
      else if (position < lines.length && lines[position].indent > indent) value = block(lines[position].indent);
      else value = null;
      if (anchor) anchors.set(anchor, value);
      if (key === '<<') {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(line, '<< needs a map');
        merged.push(value);
      } else {
        if (key in entries) fail(line, `duplicate key ${key}`);
        entries[key] = value;
      }
    }
    if (position < lines.length && lines[position].indent > indent) fail(lines[position], 'unexpected indentation');
    return Object.assign({}, ...merged, entries);
  }

  if (lines.length === 0) return {};
  const root = block(0);
  if (position < lines.length) fail(lines[position], 'unexpected line');
  if (root === null || typeof root !== 'object' || Array.isArray(root)) throw new Error('the document is not a map');
  return root;
}

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** The colon that ends a key: the first `:` outside quotes followed by a space or the end of the line. */
function findKeyColon(text: string): number {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === ':' && (i + 1 === text.length || text[i + 1] === ' ')) {
      return i;
    }
  }
  return -1;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
