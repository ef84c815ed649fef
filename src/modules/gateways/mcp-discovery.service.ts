import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Prompt, Resource, Tool } from '@modelcontextprotocol/sdk/types.js';
import { DomainError, upstreamUnavailable } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { GatewayTransport } from './entities/gateway.entity.js';
import type { UpstreamHeaders } from './gateway-credentials.js';
import { OutboundAddressPolicy } from './outbound-address.policy.js';
import { pinnedFetch } from './pinned-fetch.js';
import { UpstreamOutcome } from './upstream-outcome.js';

export interface UpstreamTarget {
  url: string;
  transport: GatewayTransport;
  headers: UpstreamHeaders;
}

/** What an MCP server told us about itself. */
export interface Discovery {
  capabilities: Record<string, unknown>;
  serverInfo: Record<string, unknown> | null;
  tools: Tool[];
  resources: Resource[];
  prompts: Prompt[];
}

/** A misbehaving server cannot make us page or store without end. */
const MAX_PAGES = 20;
const MAX_ITEMS = 1000;

/**
 * Talks to upstream MCP servers with the official SDK: connect over SSE or streamable HTTP, `initialize`, list
 * tools, resources and prompts, disconnect. The URL's host must first pass the outbound address policy (400), and
 * the connection then goes to the very addresses that were checked. Only the URL the user registered is
 * contacted (the SDK follows redirects within its origin only), and the whole exchange, name resolution
 * included, is bounded by GATEWAY_CONNECT_TIMEOUT_MS. Any other failure is UPSTREAM_UNAVAILABLE (502) with a
 * fixed reason; the upstream's own words go to the log only.
 */
@Injectable()
export class McpDiscoveryService {
  private readonly logger = new Logger('McpDiscovery');
  private readonly policy: OutboundAddressPolicy;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.policy = new OutboundAddressPolicy(config.gateways.outbound);
  }

  async discover(target: UpstreamTarget): Promise<Discovery> {
    const timeoutMs = this.config.gateways.connectTimeoutMs;
    const url = new URL(target.url);
    const client = new Client({ name: 'portcullis', version: '0.1.0' });
    const outcome = new UpstreamOutcome();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(upstreamUnavailable(`Gateway did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const exchange = this.policy
      .admit(url)
      .then((addresses) =>
        this.exchange(client, transportFor(url, target, outcome.watch(pinnedFetch(url.hostname, addresses))), timeoutMs),
      );
    // The losing side of the race must not surface later as an unhandled rejection.
    exchange.catch(() => undefined);
    try {
      return await Promise.race([exchange, timedOut]);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.logger.warn(`MCP server at ${target.url} failed: ${describe(error)}`);
      throw upstreamUnavailable(outcome.reasonFor(error));
    } finally {
      clearTimeout(timer);
      await client.close().catch(() => undefined);
    }
  }

  private async exchange(client: Client, transport: Transport, timeout: number): Promise<Discovery> {
    await client.connect(transport, { timeout });
    const capabilities = (client.getServerCapabilities() ?? {}) as Record<string, unknown>;
    // Only ask for what the server says it has: the others would be "method not found".
    const tools = capabilities.tools
      ? await collect(
          (cursor) => client.listTools({ cursor }, { timeout }),
          (page) => page.tools,
        )
      : [];
    const resources = capabilities.resources
      ? await collect(
          (cursor) => client.listResources({ cursor }, { timeout }),
          (page) => page.resources,
        )
      : [];
    const prompts = capabilities.prompts
      ? await collect(
          (cursor) => client.listPrompts({ cursor }, { timeout }),
          (page) => page.prompts,
        )
      : [];
    const version = client.getServerVersion();
    return { capabilities, serverInfo: version ? { name: version.name, version: version.version } : null, tools, resources, prompts };
  }
}

function transportFor(url: URL, target: UpstreamTarget, fetch: FetchLike): Transport {
  const options = { requestInit: { headers: target.headers }, fetch };
  return target.transport === 'SSE' ? new SSEClientTransport(url, options) : new StreamableHTTPClientTransport(url, options);
}

async function collect<P extends { nextCursor?: string }, T>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  itemsOf: (page: P) => T[],
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pageNo = 0; pageNo < MAX_PAGES && items.length < MAX_ITEMS; pageNo++) {
    const page = await fetchPage(cursor);
    items.push(...itemsOf(page));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items.slice(0, MAX_ITEMS);
}

/** The failure as the log gets it (never a response): cut, so an upstream cannot flood the log either. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  const text = cause && !message.includes(cause) ? `${message} (${cause})` : message;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
