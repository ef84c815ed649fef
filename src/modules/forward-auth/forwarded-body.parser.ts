import type { FastifyInstance } from 'fastify';
import { isForwardAuthPath } from '../../common/errors/api-surface.js';
import type { ForwardedBody } from './forwarded-call.reader.js';

/** The content type forward-auth requests are read as, whatever they said. */
const FORWARDED_CONTENT_TYPE = 'application/x-portcullis-forwarded';

/**
 * Proxies send forward-auth requests with the client's headers, and sometimes its body (Envoy `with_request_body`,
 * Traefik `forwardBody`): any content type, possibly truncated, a JSON-RPC batch (an array), or a `Content-Type`
 * without a body (nginx). None of that may fail the request before the decision: the body is taken as text, with
 * its original content type, and the reader makes of it what it can.
 */
export function acceptForwardedBodies(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    if (!isForwardAuthPath(request.url)) return;
    const original = request.headers['content-type'];
    request.headers['x-portcullis-original-content-type'] = typeof original === 'string' ? original : '';
    request.headers['content-type'] = FORWARDED_CONTENT_TYPE;
  });
  fastify.addContentTypeParser(FORWARDED_CONTENT_TYPE, { parseAs: 'string' }, (request, text, done) => {
    const contentType = request.headers['x-portcullis-original-content-type'];
    const body: ForwardedBody = {
      text: String(text),
      contentType: typeof contentType === 'string' && contentType !== '' ? contentType : null,
    };
    done(null, body);
  });
}
