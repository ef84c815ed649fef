import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pinnedFetch } from './pinned-fetch.js';

describe('pinnedFetch', () => {
  let server: Server;
  let port: number;
  const seen: { host?: string; method?: string; body: string; authorization?: string }[] = [];
  const bodyOf = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => resolve(text));
    });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      seen.push({ host: req.headers.host, method: req.method, body: await bodyOf(req), authorization: req.headers.authorization });
      if (req.url === '/empty') res.writeHead(204).end();
      else if (req.url === '/moved') res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      else res.writeHead(200, { 'content-type': 'application/json', 'x-two': 'a' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // The name exists in no DNS: reaching the server proves the connection used the checked address only.
  const fetch = pinnedFetch('mcp.pinned.invalid', [{ address: '127.0.0.1', family: 4 }]);

  it('connects a name to the checked address, with the name as Host, and sends headers and body', async () => {
    const response = await fetch(`http://mcp.pinned.invalid:${port}/mcp`, {
      method: 'POST',
      headers: { Authorization: 'Bearer t', 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0"}',
    });
    expect({ status: response.status, type: response.headers.get('content-type'), body: await response.json() }).toEqual({
      status: 200,
      type: 'application/json',
      body: { ok: true },
    });
    expect(seen.at(-1)).toEqual({
      host: `mcp.pinned.invalid:${port}`,
      method: 'POST',
      body: '{"jsonrpc":"2.0"}',
      authorization: 'Bearer t',
    });
  });

  it('answers bodiless statuses and redirects as they are, following nothing', async () => {
    expect((await fetch(`http://mcp.pinned.invalid:${port}/empty`)).status).toBe(204);
    const moved = await fetch(`http://mcp.pinned.invalid:${port}/moved`);
    expect({ status: moved.status, location: moved.headers.get('location') }).toEqual({ status: 302, location: 'http://169.254.169.254/' });
  });

  it('refuses any other name', async () => {
    await expect(fetch(`http://localhost:${port}/mcp`)).rejects.toThrow('localhost was not checked by the outbound policy');
  });
});
