import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type McpTestServer, startMcpTestServer } from '../../support/mcp-test-server.js';
import { MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { callerWith, type Caller, uniqueName } from './catalog-fixtures.js';

describe('ContextForge gateways: the outbound address policy is configurable', () => {
  let t: TestApp;
  let master: Caller;
  let mcp: McpTestServer;

  beforeAll(async () => {
    t = await startTestApp({
      env: { GATEWAY_CONNECT_TIMEOUT_MS: '1500', GATEWAY_ALLOW_LOOPBACK: 'false', GATEWAY_DENY_CIDRS: '198.51.100.0/24, 2001:db8::/32' },
    });
    master = callerWith(t, 'master', MASTER_KEY);
    mcp = await startMcpTestServer();
  });
  afterAll(async () => {
    await t.close();
    await mcp.close();
  });

  const register = (url: string) => ({ name: uniqueName('gw'), transport: 'STREAMABLEHTTP', url });

  it('with GATEWAY_ALLOW_LOOPBACK=false a loopback gateway is refused (400) by address, name or mapped form, never contacted', async () => {
    const port = new URL(mcp.streamableUrl).port;
    for (const url of [
      mcp.streamableUrl,
      `http://localhost:${port}/mcp`,
      `http://[::ffff:127.0.0.1]:${port}/mcp`,
      `http://[::1]:${port}/mcp`,
    ]) {
      const res = await master.post('/gateways', register(url));
      expect({ url, status: res.status, detail: typeof res.body.detail }).toEqual({ url, status: 400, detail: 'string' });
    }
    expect(mcp.seenAuthorization).toEqual([]);
    expect((await master.get('/gateways')).body).toEqual([]);
  });

  it('GATEWAY_DENY_CIDRS adds ranges of its own', async () => {
    for (const url of ['http://198.51.100.7/mcp', 'http://[2001:db8::1]/mcp']) {
      const res = await master.post('/gateways', register(url));
      expect({ url, status: res.status, detail: typeof res.body.detail }).toEqual({ url, status: 400, detail: 'string' });
    }
  });
});
