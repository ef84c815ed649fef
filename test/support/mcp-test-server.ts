import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

export interface TestTool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties?: Record<string, unknown>; required?: string[] };
}

export const DEFAULT_TOOLS: TestTool[] = [
  {
    name: 'echo',
    description: 'Echoes its input',
    inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
  },
  {
    name: 'add',
    description: 'Adds two numbers',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  },
  { name: 'now', description: 'The current time', inputSchema: { type: 'object' } },
];

export interface McpTestServer {
  /** Streamable HTTP endpoint. */
  streamableUrl: string;
  /** SSE endpoint (GET opens the stream, POSTs go to /messages). */
  sseUrl: string;
  /** Replace the tool list the server advertises from the next request on. */
  setTools(tools: TestTool[]): void;
  /** Authorization headers the server saw, newest last. */
  seenAuthorization: string[];
  close(): Promise<void>;
}

/**
 * A real MCP server (the official SDK) on 127.0.0.1 and a random port, over streamable HTTP (stateless) and SSE:
 * three tools, one resource, one prompt. With `requireBearer`, requests without that bearer token get 401.
 */
export async function startMcpTestServer(options: { requireBearer?: string } = {}): Promise<McpTestServer> {
  let tools = [...DEFAULT_TOOLS];
  const seenAuthorization: string[] = [];
  const sseSessions = new Map<string, SSEServerTransport>();

  const newMcpServer = (): Server => {
    const server = new Server(
      { name: 'portcullis-test-server', version: '1.0.0' },
      { capabilities: { tools: {}, resources: {}, prompts: {} } },
    );
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
    server.setRequestHandler(CallToolRequestSchema, (request) => ({
      content: [{ type: 'text', text: JSON.stringify(request.params.arguments ?? {}) }],
    }));
    server.setRequestHandler(ListResourcesRequestSchema, () => ({
      resources: [{ uri: 'test://docs/readme', name: 'readme', description: 'The readme', mimeType: 'text/plain' }],
    }));
    server.setRequestHandler(ReadResourceRequestSchema, (request) => ({
      contents: [{ uri: request.params.uri, mimeType: 'text/plain', text: 'Hello from the test server' }],
    }));
    server.setRequestHandler(ListPromptsRequestSchema, () => ({
      prompts: [
        { name: 'greet', description: 'Greets someone', arguments: [{ name: 'who', description: 'Whom to greet', required: true }] },
      ],
    }));
    server.setRequestHandler(GetPromptRequestSchema, (request) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `Hello ${request.params.arguments?.who ?? 'there'}` } }],
    }));
    return server;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seenAuthorization.push(req.headers.authorization ?? '');
    if (options.requireBearer && req.headers.authorization !== `Bearer ${options.requireBearer}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
      return;
    }
    if (url.pathname === '/mcp') {
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      // Stateless: a fresh server and transport per request.
      const server = newMcpServer();
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res);
      return;
    }
    if (url.pathname === '/sse' && req.method === 'GET') {
      const transport = new SSEServerTransport('/messages', res);
      sseSessions.set(transport.sessionId, transport);
      res.on('close', () => sseSessions.delete(transport.sessionId));
      await newMcpServer().connect(transport);
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const transport = sseSessions.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) {
        res.writeHead(404).end();
        return;
      }
      await transport.handlePostMessage(req, res);
      return;
    }
    res.writeHead(404).end();
  };

  const http: HttpServer = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    streamableUrl: `${base}/mcp`,
    sseUrl: `${base}/sse`,
    setTools: (next) => {
      tools = [...next];
    },
    seenAuthorization,
    close: async () => {
      for (const transport of sseSessions.values()) await transport.close().catch(() => undefined);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * A 127.0.0.1 port nothing listens on. Picked below the ephemeral range (32768 and up on Linux): a port handed out by
 * `listen(0)` and released would soon be handed out again, e.g. to the server supertest opens for each request.
 */
export async function closedPort(): Promise<number> {
  for (let port = 20_000; port < 20_500; port++) {
    const probe = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      return port;
    }
  }
  throw new Error('No free port between 20000 and 20500');
}
