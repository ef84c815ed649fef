import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BrokenUpstream {
  /** Streamable HTTP endpoint answering 500 with `secret` in the body. */
  failingStreamableUrl: string;
  /** SSE endpoint that opens and names its message endpoint, which then answers 500 with `secret` in the body. */
  failingSseUrl: string;
  /** Answers 200, but JSON that is not JSON-RPC, with `secret` in the body and the content type. */
  notMcpUrl: string;
  close(): Promise<void>;
}

/**
 * An upstream on 127.0.0.1 that fails in the ways a real one can, always putting `secret` in what it sends back:
 * the text a careless error message would carry on to our caller.
 */
export async function startBrokenUpstream(secret: string): Promise<BrokenUpstream> {
  const fail = (res: ServerResponse) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal error: ${secret}`);
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/sse' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('event: endpoint\ndata: /messages\n\n');
      return;
    }
    if (path === '/not-mcp') {
      res.writeHead(200, { 'content-type': `application/x-${secret}` }).end(JSON.stringify({ jsonrpc: secret, id: secret, secret }));
      return;
    }
    fail(res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    failingStreamableUrl: `${base}/mcp`,
    failingSseUrl: `${base}/sse`,
    notMcpUrl: `${base}/not-mcp`,
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
