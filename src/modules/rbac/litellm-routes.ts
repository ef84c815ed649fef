/**
 * LiteLLM's route groups (`LiteLLMRoutes` in `litellm/proxy/_types.py`), for routes Portcullis does not serve but
 * decides for a proxy (forward auth): the original request of a client to an LLM gateway behind nginx, Traefik or
 * Envoy. A key's `allowed_routes` may name a group (`llm_api_routes`), and its `key_type` stands for one
 * (`llm_api` → `llm_api_routes`, `management` → `management_routes`, `read_only` → `info_routes`), as in LiteLLM.
 *
 * Templates use LiteLLM's spelling: `{param}` is one path segment, `{param:path}` and a trailing `/*` any rest.
 * ContextForge's MCP transports (`/servers/{id}/mcp`, `/servers/{id}/sse`, ...) count as MCP routes too.
 */
export const LITELLM_ROUTE_GROUPS = {
  openai_routes: [
    '/engines/{model}/chat/completions',
    '/openai/deployments/{model}/chat/completions',
    '/chat/completions',
    '/v1/chat/completions',
    '/cursor/chat/completions',
    '/engines/{model}/completions',
    '/openai/deployments/{model}/completions',
    '/completions',
    '/v1/completions',
    '/engines/{model}/embeddings',
    '/openai/deployments/{model}/embeddings',
    '/embeddings',
    '/v1/embeddings',
    '/images/generations',
    '/v1/images/generations',
    '/images/edits',
    '/v1/images/edits',
    '/videos',
    '/v1/videos',
    '/videos/*',
    '/v1/videos/*',
    '/audio/transcriptions',
    '/v1/audio/transcriptions',
    '/audio/speech',
    '/v1/audio/speech',
    '/moderations',
    '/v1/moderations',
    '/batches',
    '/v1/batches',
    '/batches/*',
    '/v1/batches/*',
    '/files',
    '/v1/files',
    '/files/*',
    '/v1/files/*',
    '/fine_tuning/jobs',
    '/v1/fine_tuning/jobs',
    '/fine_tuning/jobs/{fine_tuning_job_id}/cancel',
    '/v1/fine_tuning/jobs/{fine_tuning_job_id}/cancel',
    '/assistants',
    '/v1/assistants',
    '/assistants/{assistant_id}',
    '/v1/assistants/{assistant_id}',
    '/threads',
    '/v1/threads',
    '/threads/*',
    '/v1/threads/*',
    '/models',
    '/v1/models',
    '/utils/token_counter',
    '/utils/transform_request',
    '/rerank',
    '/v1/rerank',
    '/v2/rerank',
    '/realtime',
    '/v1/realtime',
    '/responses',
    '/v1/responses',
    '/responses/*',
    '/v1/responses/*',
    '/vector_stores',
    '/v1/vector_stores',
    '/vector_stores/*',
    '/v1/vector_stores/*',
    '/vector_store/list',
    '/v1/vector_store/list',
    '/search',
    '/v1/search',
    '/search/{search_tool_name}',
    '/v1/search/{search_tool_name}',
    '/ocr',
    '/v1/ocr',
    '/containers',
    '/v1/containers',
    '/containers/*',
    '/v1/containers/*',
  ],
  anthropic_routes: ['/v1/messages', '/v1/messages/count_tokens', '/v1/skills', '/v1/skills/{skill_id}'],
  google_routes: [
    '/v1beta/models/{model_name:path}:countTokens',
    '/v1beta/models/{model_name:path}:generateContent',
    '/v1beta/models/{model_name:path}:streamGenerateContent',
    '/models/{model_name:path}:countTokens',
    '/models/{model_name:path}:generateContent',
    '/models/{model_name:path}:streamGenerateContent',
    '/interactions',
    '/v1beta/interactions',
    '/interactions/*',
    '/v1beta/interactions/*',
  ],
  mapped_pass_through_routes: [
    '/bedrock/*',
    '/vertex-ai/*',
    '/vertex_ai/*',
    '/cohere/*',
    '/cursor/*',
    '/gemini/*',
    '/anthropic/*',
    '/langfuse/*',
    '/azure/*',
    '/azure_ai/*',
    '/openai/*',
    '/openai_passthrough/*',
    '/assemblyai/*',
    '/eu.assemblyai/*',
    '/vllm/*',
    '/mistral/*',
    '/milvus/*',
  ],
  apply_guardrail_routes: ['/guardrails/apply_guardrail'],
  mcp_routes: [
    '/mcp',
    '/mcp/*',
    '/mcp-rest/tools/list',
    '/mcp-rest/tools/call',
    '/v1/mcp/server',
    '/v1/mcp/server/*',
    // ContextForge's transports: per virtual server, and the gateway-wide ones.
    '/servers/{server_id}/mcp',
    '/servers/{server_id}/mcp/*',
    '/servers/{server_id}/sse',
    '/servers/{server_id}/message',
    '/sse',
    '/message',
    '/rpc',
  ],
  litellm_native_routes: ['/rag/ingest', '/v1/rag/ingest', '/rag/query', '/v1/rag/query'],
  agent_routes: ['/v1/agents', '/v1/agents/{agent_id}', '/agents', '/a2a/{agent_id}', '/a2a/{agent_id}/*'],
  info_routes: [
    '/key/info',
    '/key/health',
    '/team/info',
    '/team/list',
    '/v2/team/list',
    '/organization/list',
    '/team/available',
    '/user/info',
    '/v2/user/info',
    '/model/info',
    '/v1/model/info',
    '/v2/model/info',
    '/v2/key/info',
    '/model_group/info',
    '/health',
    '/health/services',
    '/key/list',
    '/user/filter/ui',
    '/models',
    '/v1/models',
    '/sso/get/ui_settings',
  ],
  // LiteLLM lists these one by one; their families are what matters for a key type (all of them manage the proxy).
  management_routes: [
    '/key/*',
    '/v2/key/*',
    '/user/*',
    '/v2/user/*',
    '/team/*',
    '/v2/team/*',
    '/organization/*',
    '/model/*',
    '/v1/model/*',
    '/v2/model/*',
    '/jwt/key/mapping/*',
    '/customer/*',
    '/end_user/*',
    '/budget/*',
    '/spend/*',
    '/global/spend/*',
    '/tag/*',
  ],
} as const satisfies Record<string, readonly string[]>;

export type LitellmRouteGroup = keyof typeof LITELLM_ROUTE_GROUPS | 'llm_api_routes';

/** LiteLLM's `llm_api_routes`: what an `llm_api` key calls. */
const LLM_API_GROUPS: readonly LitellmRouteGroup[] = [
  'openai_routes',
  'anthropic_routes',
  'google_routes',
  'mapped_pass_through_routes',
  'apply_guardrail_routes',
  'mcp_routes',
  'litellm_native_routes',
  'agent_routes',
];

const templateRegex = (template: string): RegExp => {
  const wildcardRest = template.endsWith('/*');
  const body = wildcardRest ? template.slice(0, -2) : template;
  const pattern = body
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (!part.startsWith('{')) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      return part.endsWith(':path}') ? '.+' : '[^/]+';
    })
    .join('');
  return new RegExp(`^${pattern}${wildcardRest ? '(?:/.*)?' : ''}$`);
};

const COMPILED: ReadonlyArray<[LitellmRouteGroup, RegExp[]]> = Object.entries(LITELLM_ROUTE_GROUPS).map(([group, templates]) => [
  group as LitellmRouteGroup,
  templates.map(templateRegex),
]);

/** The LiteLLM route groups a concrete, normalized path belongs to (`llm_api_routes` included); none: an unknown route. */
export function routeGroupsOf(path: string): ReadonlySet<LitellmRouteGroup> {
  const groups = new Set<LitellmRouteGroup>();
  for (const [group, patterns] of COMPILED) {
    if (patterns.some((pattern) => pattern.test(path))) groups.add(group);
  }
  if (LLM_API_GROUPS.some((group) => groups.has(group))) groups.add('llm_api_routes');
  return groups;
}

export function isRouteGroup(name: string): name is LitellmRouteGroup {
  return name === 'llm_api_routes' || Object.hasOwn(LITELLM_ROUTE_GROUPS, name);
}

/** Whether a concrete path matches one of a key's `allowed_routes` entries that is a route (not a group): exact or `prefix*`. */
export function routeEntryMatches(entry: string, path: string): boolean {
  if (entry.endsWith('*')) return path.startsWith(entry.slice(0, -1));
  if (entry.includes('{')) return templateRegex(entry.replace(/\/+$/, '')).test(path);
  return entry.replace(/\/+$/, '') === path;
}
