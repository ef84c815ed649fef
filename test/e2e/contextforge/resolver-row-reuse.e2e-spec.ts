import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { litellm } from '../../support/litellm-client.js';
import { startMcpTestServer, type McpTestServer } from '../../support/mcp-test-server.js';
import { ADMIN_EMAIL, MASTER_KEY, startTestApp, type TestApp } from '../../support/test-app.js';
import { userToken } from '../../support/tokens.js';

/**
 * No row is read twice in one request: the guard's scope resolver reads the row it decides on, and the handler of a
 * plain read answers from that very row. Each GET below must touch its row's table exactly once.
 */
describe('the row a scope resolver read reaches the handler', () => {
  let t: TestApp;
  let mcp: McpTestServer;
  const admin = () => userToken(ADMIN_EMAIL);
  const seen: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    mcp = await startMcpTestServer();
    const logger = t.app.get(DataSource).logger;
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => {
      seen.push(query);
      return original(query, parameters, runner);
    };
  });
  afterAll(async () => {
    await t.close();
    await mcp.close();
  });

  const post = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${admin()}`).send(body);
  const get = (path: string, credential = admin()) => t.http().get(path).set('Authorization', `Bearer ${credential}`);
  const name = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;

  /** The statements of one warm GET that read `table` (FROM or JOIN it, by its quoted or plain name). */
  async function readsOf(path: string, table: string, credential?: string): Promise<string[]> {
    expect((await get(path, credential)).status).toBe(200);
    seen.splice(0);
    const res = await get(path, credential);
    expect(res.status).toBe(200);
    return seen.filter((sql) => new RegExp(`\\b(FROM|JOIN)\\s+"?${table}"?(\\s|$)`, 'i').test(sql));
  }

  const cases: [string, string, object][] = [
    ['tools', 'tools', { tool: { name: name('tool'), url: 'https://example.com/t', integration_type: 'REST', input_schema: '{}' } }],
    ['servers', 'servers', { server: { name: name('server') } }],
    ['resources', 'resources', { resource: { uri: `file:///reuse/${name('r')}`, name: name('resource'), mimeType: 'text/plain' } }],
    ['prompts', 'prompts', { prompt: { name: name('prompt'), template: 'Hello {{name}}', arguments: [] } }],
  ];

  it.each(cases)('GET /%s/{id}: one read of %s', async (path, table, body) => {
    const created = await post(`/${path}`, { ...body, visibility: 'public' });
    expect(created.status).toBe(201);
    const reads = await readsOf(`/${path}/${created.body.id}`, table);
    expect(reads).toHaveLength(1);
  });

  it('GET /gateways/{id}: one read of gateways', async () => {
    const created = await post('/gateways', {
      name: name('gw'),
      url: mcp.streamableUrl,
      transport: 'STREAMABLEHTTP',
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    expect(await readsOf(`/gateways/${created.body.id}`, 'gateways')).toHaveLength(1);
  });

  it('GET /teams/{id}: one read of teams', async () => {
    const created = await post('/teams', { name: name('team'), visibility: 'private' });
    expect(created.status).toBe(201);
    expect(await readsOf(`/teams/${created.body.id}`, 'teams')).toHaveLength(1);
  });

  it('GET /key/info: once the key is cached, no read of api_keys at all', async () => {
    const key = await litellm(t.http).adminKey({});
    const path = `/key/info?key=${key.key}`;
    expect(await readsOf(path, 'api_keys', MASTER_KEY)).toHaveLength(0);
  });
});
