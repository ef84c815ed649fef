import fc from 'fast-check';
import { hostileString, nestedJson } from './hostile-values.js';
import type { FuzzOperation } from './openapi-operations.js';
import { mutatedValue, plausibleValue } from './schema-values.js';
import { percentEncode, queryText, urlComponent } from './wire-encoding.js';

/** One request as it goes on the wire. */
export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

const JSON_TYPE = 'application/json';

/**
 * Requests for one operation: path parameters from real rows (`pool`) or hostile strings, the documented query
 * parameters mutated, repeated, bracketed and badly escaped, and a body mutated field by field or broken as a
 * whole (invalid UTF-8, deep nesting, malformed JSON, the wrong content type).
 */
export function requestsFor(operation: FuzzOperation, pool: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      path: pathOf(operation, pool),
      query: queryOf(operation, pool),
      headers: headersOf(operation, pool),
      body: bodyOf(operation, pool),
    })
    .map(({ path, query, headers, body }) => ({
      method: operation.method,
      url: query ? `${path}?${withinUrlLimit(query, path.length)}` : path,
      headers: { ...headers, ...(body?.contentType ? { 'content-type': body.contentType } : {}) },
      body: body?.payload,
    }));
}

function pathOf(operation: FuzzOperation, pool: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const segment = fc.oneof(
    { arbitrary: pool.map((id) => percentEncode(id)), weight: 2 },
    { arbitrary: urlComponent(hostileString), weight: 1 },
  );
  return fc.tuple(...operation.pathParams.map(() => segment)).map((values) => {
    let index = 0;
    return operation.path.replace(/\{\w+\}/g, () => values[index++] || '%20');
  });
}

function queryOf(operation: FuzzOperation, pool: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const pairs = operation.query.map(({ name, schema }) =>
    fc.option(
      fc
        .tuple(
          urlComponent(mutatedValue(schema, pool).map(queryText)),
          fc.constantFrom('plain', 'plain', 'plain', 'repeated', 'list', 'keyed'),
          urlComponent(hostileString),
        )
        .map(([value, form, other]) => {
          if (form === 'repeated') return `${name}=${value}&${name}=${other}`;
          if (form === 'list') return `${name}[]=${value}`;
          if (form === 'keyed') return `${name}[x]=${value}`;
          return `${name}=${value}`;
        }),
      { freq: 2 },
    ),
  );
  const extra = fc.option(
    fc.tuple(urlComponent(hostileString), urlComponent(hostileString)).map(([k, v]) => `${k || 'x'}=${v}`),
    { freq: 3 },
  );
  return fc.tuple(extra, ...pairs).map((parts) => parts.filter((part): part is string => !!part).join('&'));
}

function headersOf(operation: FuzzOperation, pool: fc.Arbitrary<string>): fc.Arbitrary<Record<string, string>> {
  // Node refuses to send control characters in headers, so hostile header values are limited to what a client can
  // put on the wire.
  const printable = (value: unknown) =>
    queryText(value)
      .slice(0, 2_000)
      .replace(/[^\x20-\x7e]/g, '?');
  const entries = operation.headers.map(({ name, schema }) =>
    fc.option(mutatedValue(schema, pool).map((v) => [name, printable(v)] as const)),
  );
  return fc.tuple(...entries).map((list) => Object.fromEntries(list.filter((e): e is readonly [string, string] => e !== null)));
}

interface Body {
  contentType?: string;
  payload?: string | Buffer;
}

function bodyOf(operation: FuzzOperation, pool: fc.Arbitrary<string>): fc.Arbitrary<Body | undefined> {
  const schema = operation.body ?? { type: 'object', properties: {} };
  const json = mutatedValue(schema, pool).map((value): Body => ({ contentType: JSON_TYPE, payload: JSON.stringify(value) ?? 'null' }));
  const valid = plausibleValue(schema, pool);
  const broken = fc.oneof(
    // Invalid UTF-8 inside a string of an otherwise plausible body.
    fc
      .tuple(valid, fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00]))
      .map(([value, bytes]): Body => {
        const text = JSON.stringify({ ...(value as object), zz: 'MARK' });
        const [head, tail] = text.split('MARK');
        return { contentType: JSON_TYPE, payload: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]) };
      }),
    fc.constantFrom(65, 3_000, 100_000).map((depth): Body => ({ contentType: JSON_TYPE, payload: nestedJson(depth) })),
    fc.constantFrom(65, 5_000, 200_000).map((depth): Body => ({ contentType: JSON_TYPE, payload: '['.repeat(depth) + ']'.repeat(depth) })),
    fc
      .constantFrom('', '{', '{"a":}', 'null', '[]', '"x"', '1', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"x":1}}')
      .map((payload): Body => ({ contentType: JSON_TYPE, payload })),
    fc
      .tuple(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data',
          'application/json; charset=latin1',
          'application/octet-stream',
        ),
        valid,
      )
      .map(([contentType, value]): Body => ({
        contentType,
        payload:
          contentType === 'application/x-www-form-urlencoded'
            ? Object.entries(value as object)
                .map(([k, v]) => `${k}=${percentEncode(queryText(v))}%00`)
                .join('&')
            : JSON.stringify(value),
      })),
  );
  // A GET or HEAD body means nothing in HTTP (fetch refuses to send one); a server may answer before reading it
  // and close the connection, which the client sees as aborted.
  if (!operation.body && ['GET', 'HEAD'].includes(operation.method)) return fc.constant(undefined);
  if (!operation.body) {
    return fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.oneof(json, broken), weight: 1 });
  }
  return fc.oneof({ arbitrary: json, weight: 3 }, { arbitrary: broken, weight: 2 }, { arbitrary: fc.constant(undefined), weight: 1 });
}

/**
 * Node answers 431 itself, before the app, to a request line over its 16 KiB header limit: the query is cut at a
 * parameter boundary so that the app sees every request.
 */
function withinUrlLimit(query: string, pathLength: number, limit = 8_000): string {
  if (pathLength + query.length <= limit) return query;
  const cut = query.lastIndexOf('&', limit - pathLength);
  return cut > 0 ? query.slice(0, cut) : query.slice(0, Math.max(0, limit - pathLength)).replace(/%[0-9A-Fa-f]?$/, '');
}
