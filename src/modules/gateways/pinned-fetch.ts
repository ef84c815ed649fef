import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CheckedAddress } from './outbound-address.policy.js';

/** Statuses a Response may not have a body for (its constructor throws). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * A fetch for the MCP SDK that connects only to the addresses the outbound policy checked. Resolving the name
 * again at connect time would let a DNS server answer the check with a public address and the connection with a
 * private one (DNS rebinding). Node's own fetch takes no resolver without undici's API, hence node:http(s); TLS
 * still verifies the certificate against the host name. Redirects are returned, never followed: the SDK follows
 * them itself, and only within the origin, so to the same pinned name.
 */
export function pinnedFetch(hostname: string, addresses: CheckedAddress[]): FetchLike {
  const lookup: LookupFunction = (host, options, callback) => {
    const usable = host === hostname ? addresses.filter(({ family }) => !options.family || family === options.family) : [];
    if (usable.length === 0)
      callback(Object.assign(new Error(`${host} was not checked by the outbound policy`), { code: 'ENOTFOUND' }), '');
    else if (options.all) callback(null, usable);
    else callback(null, usable[0].address, usable[0].family);
  };
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const { body } = init;
      if (body != null && typeof body !== 'string') throw new TypeError('pinnedFetch sends text bodies only');
      const headers = Object.fromEntries(new Headers(init.headers));
      if (body != null) headers['content-length'] = String(Buffer.byteLength(body));
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        url,
        { method: init.method ?? 'GET', headers, lookup, signal: init.signal ?? undefined, agent: false },
        (message) => {
          // A reply the Response constructor refuses must fail this request, not throw in an event handler.
          try {
            resolve(toResponse(message));
          } catch (error) {
            message.destroy();
            reject(error);
          }
        },
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });
}

function toResponse(message: IncomingMessage): Response {
  const status = message.statusCode ?? 0;
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2) headers.append(message.rawHeaders[i], message.rawHeaders[i + 1]);
  if (NULL_BODY_STATUSES.has(status)) {
    message.resume();
    return new Response(null, { status, headers });
  }
  return new Response(Readable.toWeb(message), { status, headers });
}
