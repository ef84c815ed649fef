import { describe, expect, it } from '@jest/globals';
import { isRouteGroup, type LitellmRouteGroup, routeEntryMatches, routeGroupsOf } from './litellm-routes.js';

/** LiteLLM's route groups, as forward auth classifies a client's original path. */
describe('LiteLLM route groups', () => {
  const LLM = 'llm_api_routes';
  const rows: [path: string, inGroups: LitellmRouteGroup[], notIn: LitellmRouteGroup[]][] = [
    ['/chat/completions', [LLM, 'openai_routes'], ['info_routes', 'management_routes', 'mcp_routes']],
    ['/v1/chat/completions', [LLM, 'openai_routes'], ['info_routes', 'management_routes']],
    ['/openai/deployments/gpt-4o/chat/completions', [LLM, 'openai_routes', 'mapped_pass_through_routes'], ['management_routes']],
    ['/engines/gpt-4o/embeddings', [LLM, 'openai_routes'], []],
    ['/completions', [LLM], ['management_routes']],
    ['/embeddings', [LLM], []],
    ['/v1/embeddings', [LLM], []],
    ['/images/generations', [LLM], []],
    ['/audio/transcriptions', [LLM], []],
    ['/v1/audio/speech', [LLM], []],
    ['/responses', [LLM], []],
    ['/v1/responses/resp_123/input_items', [LLM], []],
    ['/v1/files/file-1/content', [LLM], []],
    ['/v1/threads/t1/runs', [LLM], []],
    ['/v1/messages', [LLM, 'anthropic_routes'], ['openai_routes']],
    ['/v1/messages/count_tokens', [LLM, 'anthropic_routes'], []],
    ['/models', [LLM, 'info_routes'], ['management_routes']],
    ['/v1/models', [LLM, 'info_routes'], ['management_routes']],
    ['/v1beta/models/gemini-1.5-pro:generateContent', [LLM, 'google_routes'], []],
    ['/models/publishers/google/gemini:streamGenerateContent', [LLM, 'google_routes'], []],
    ['/anthropic/v1/messages', [LLM, 'mapped_pass_through_routes'], []],
    ['/vllm/v1/chat/completions', [LLM, 'mapped_pass_through_routes'], []],
    ['/mcp', [LLM, 'mcp_routes'], ['openai_routes']],
    ['/mcp/tools/call', [LLM, 'mcp_routes'], []],
    ['/mcp-rest/tools/call', [LLM, 'mcp_routes'], []],
    ['/servers/abc/mcp', [LLM, 'mcp_routes'], []],
    ['/servers/abc/sse', [LLM, 'mcp_routes'], []],
    ['/a2a/agent-1/message/send', [LLM, 'agent_routes'], []],
    ['/key/generate', ['management_routes'], [LLM, 'info_routes']],
    ['/key/info', ['management_routes', 'info_routes'], [LLM]],
    ['/team/new', ['management_routes'], [LLM, 'info_routes']],
    ['/v2/team/list', ['management_routes', 'info_routes'], [LLM]],
    ['/health', ['info_routes'], [LLM, 'management_routes']],
    // Near misses: a prefix or a longer path is not the route.
    ['/chat/completions/extra', [], [LLM]],
    ['/v1/chat', [], [LLM]],
    ['/mcpx', [], [LLM, 'mcp_routes']],
    ['/servers/abc/tools', [], [LLM, 'mcp_routes']],
    ['/servers/a/b/mcp', [], [LLM, 'mcp_routes']],
    ['/admin', [], [LLM, 'management_routes', 'info_routes']],
    ['/', [], [LLM, 'management_routes', 'info_routes']],
  ];

  it.each(rows)('%s', (path, inGroups, notIn) => {
    const groups = routeGroupsOf(path);
    for (const group of inGroups) expect({ path, group, member: groups.has(group) }).toEqual({ path, group, member: true });
    for (const group of notIn) expect({ path, group, member: groups.has(group) }).toEqual({ path, group, member: false });
  });

  it.each([
    ['llm_api_routes', true],
    ['info_routes', true],
    ['management_routes', true],
    ['mcp_routes', true],
    ['/chat/completions', false],
    ['constructor', false],
    ['toString', false],
  ] as const)('%s is a group name: %s', (name, expected) => {
    expect(isRouteGroup(name)).toBe(expected);
  });

  it.each([
    ['/v1/embeddings', '/v1/embeddings', true],
    ['/v1/embeddings/', '/v1/embeddings', true],
    ['/v1/embeddings', '/v1/embeddings/x', false],
    ['/v1/*', '/v1/embeddings', true],
    ['/v1/*', '/v2/embeddings', false],
    ['/threads/{thread_id}/runs', '/threads/t1/runs', true],
    ['/threads/{thread_id}/runs', '/threads/t1/x/runs', false],
  ] as const)('allowed_routes entry %s vs %s: %s', (entry, path, expected) => {
    expect(routeEntryMatches(entry, path)).toBe(expected);
  });
});
