import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import type { AuthorizedTarget } from '../rbac/authorized-target.js';
import { slugify } from '../../common/database/slug.js';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CatalogAccessService } from '../catalog/catalog-access.service.js';
import { CatalogRowsService, type Page } from '../catalog/catalog-rows.service.js';
import type { CatalogListQuery } from '../catalog/dto/catalog-list.query.js';
import type { CreateGatewayRequest } from './dto/create-gateway.request.js';
import type { UpdateGatewayRequest } from './dto/update-gateway.request.js';
import { GatewayEntity } from './entities/gateway.entity.js';
import { type CatalogSyncResult, GatewayCatalogSync } from './gateway-catalog.sync.js';
import { CredentialCipher, credentialsFrom, type UpstreamHeaders } from './gateway-credentials.js';
import { GATEWAY_KIND } from './gateway-kind.js';
import { toGatewayView, type GatewayView } from './gateway-view.js';
import { type Discovery, McpDiscoveryService, type UpstreamTarget } from './mcp-discovery.service.js';

const invalidUrl = (msg: string) =>
  new DomainError(ErrorCode.VALIDATION_FAILED, msg, { issues: [{ loc: ['body', 'url'], msg, type: 'value_error' }] });

/**
 * The URL is what the connection will parse (WHATWG), which is stricter than the DTO's check in places (an IPv6
 * zone id). Credentials belong in the auth fields, where they are encrypted, not in a URL that every read shows.
 */
function assertUsableUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidUrl('Not a URL this server can connect to');
  }
  if (parsed.username || parsed.password) throw invalidUrl('Put credentials in the auth_* fields, not in the URL');
}

/**
 * MCP gateways: registering one connects to the server and imports its tools, resources and prompts into the
 * catalog in the same transaction as the gateway row. Network exchanges happen before any transaction opens.
 */
@Injectable()
export class GatewaysService {
  private readonly cipher: CredentialCipher;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rows: CatalogRowsService,
    private readonly access: CatalogAccessService,
    private readonly discovery: McpDiscoveryService,
    private readonly catalogSync: GatewayCatalogSync,
  ) {
    this.cipher = new CredentialCipher(config.gateways.authEncryptionSecret);
  }

  async create(principal: Principal, authorized: AuthorizedTarget, request: CreateGatewayRequest): Promise<GatewayView> {
    assertUsableUrl(request.url);
    const credentials = credentialsFrom(request) ?? null;
    const visibility = request.visibility ?? 'public';
    const home = this.access.home(principal, authorized, visibility);
    const transport = request.transport ?? 'SSE';
    const discovery = await this.discovery.discover({ url: request.url, transport, headers: credentials?.headers ?? {} });
    return this.dataSource.transaction(async (tx) => {
      const gateway = tx.getRepository(GatewayEntity).create({
        name: request.name,
        slug: slugify(request.name),
        url: request.url,
        description: request.description ?? null,
        transport,
        tags: request.tags ?? [],
        authType: credentials?.authType ?? null,
        authSecret: credentials ? this.cipher.seal(credentials.headers) : null,
        teamId: home.teamId,
        ownerEmail: home.ownerEmail,
        ownerUserId: home.ownerUserId,
        visibility,
        enabled: true,
      });
      recordContact(gateway, discovery);
      const saved = await this.rows.save(tx, GATEWAY_KIND, gateway);
      await this.catalogSync.sync(tx, saved, discovery);
      return toGatewayView(saved);
    });
  }

  async list(principal: Principal, query: CatalogListQuery): Promise<Page<GatewayView>> {
    const page = await this.rows.list(principal, GATEWAY_KIND, query);
    return { items: page.items.map(toGatewayView), nextCursor: page.nextCursor };
  }

  async get(authorized: AuthorizedTarget): Promise<GatewayView> {
    return toGatewayView(await this.rows.get(GATEWAY_KIND, authorized));
  }

  async update(authorized: AuthorizedTarget, request: UpdateGatewayRequest): Promise<GatewayView> {
    const current = await this.rows.getForChange(GATEWAY_KIND, authorized, this.dataSource.manager);
    if (request.url !== undefined) assertUsableUrl(request.url);
    const requested = credentialsFrom(request);
    // Stored credentials were given for the old url: sent to a new one they would leak to whoever runs it.
    const moved = request.url !== undefined && new URL(request.url).href !== new URL(current.url).href;
    const credentials = requested === undefined && moved ? null : requested;
    const target: UpstreamTarget = {
      url: request.url ?? current.url,
      transport: request.transport ?? current.transport,
      headers: credentials === undefined ? this.storedHeaders(current) : (credentials?.headers ?? {}),
    };
    const reconnect = target.url !== current.url || target.transport !== current.transport || credentials !== undefined;
    const discovery = reconnect ? await this.discovery.discover(target) : null;
    return this.dataSource.transaction(async (tx) => {
      const gateway = await this.rows.getForChange(GATEWAY_KIND, authorized, tx);
      if (request.name !== undefined) {
        gateway.name = request.name;
        gateway.slug = slugify(request.name);
      }
      if (request.description !== undefined) gateway.description = request.description;
      if (request.tags !== undefined) gateway.tags = request.tags ?? [];
      if (request.visibility !== undefined) gateway.visibility = request.visibility;
      gateway.url = target.url;
      gateway.transport = target.transport;
      if (credentials !== undefined) {
        gateway.authType = credentials?.authType ?? null;
        gateway.authSecret = credentials ? this.cipher.seal(credentials.headers) : null;
      }
      if (discovery) recordContact(gateway, discovery);
      const saved = await this.rows.save(tx, GATEWAY_KIND, gateway);
      await this.catalogSync.reapply(tx, saved);
      if (discovery) await this.catalogSync.sync(tx, saved, discovery);
      return toGatewayView(saved);
    });
  }

  /** Deleting a gateway deletes what it imported (foreign keys cascade). */
  delete(authorized: AuthorizedTarget) {
    return this.rows.delete(GATEWAY_KIND, authorized);
  }

  async setEnabled(authorized: AuthorizedTarget, enabled: boolean) {
    const gateway = await this.dataSource.transaction(async (tx) => {
      const saved = await this.rows.setEnabled(GATEWAY_KIND, authorized, enabled, tx);
      await this.catalogSync.reapply(tx, saved);
      return saved;
    });
    return {
      status: 'success',
      message: `Gateway ${gateway.id} ${enabled ? 'activated' : 'deactivated'}`,
      gateway: toGatewayView(gateway),
    };
  }

  /** Connects again and re-imports the catalog; an unreachable server is marked so and answers 502. */
  async refresh(authorized: AuthorizedTarget) {
    const started = Date.now();
    const current = await this.rows.getForChange(GATEWAY_KIND, authorized, this.dataSource.manager);
    let discovery: Discovery;
    try {
      discovery = await this.discovery.discover({ url: current.url, transport: current.transport, headers: this.storedHeaders(current) });
    } catch (error) {
      await this.dataSource.getRepository(GatewayEntity).update(current.id, { reachable: false });
      throw error;
    }
    const { gateway, result } = await this.dataSource.transaction(async (tx: EntityManager) => {
      const locked = await this.rows.getForChange(GATEWAY_KIND, authorized, tx);
      recordContact(locked, discovery);
      const saved = await this.rows.save(tx, GATEWAY_KIND, locked);
      return { gateway: saved, result: await this.catalogSync.sync(tx, saved, discovery) };
    });
    return {
      gateway_id: gateway.id,
      success: true,
      ...flatten(result),
      refreshed_at: new Date().toISOString(),
      duration_ms: Date.now() - started,
      gateway: toGatewayView(gateway),
    };
  }

  /**
   * ContextForge's `POST /gateways/{id}/tools/refresh`: discover again and mirror the tools (and, when asked, the
   * resources and prompts). Its answer is always 200 with `success`: an upstream that fails marks the gateway
   * unreachable and answers `success: false` with our fixed reason (never the upstream's own text), the catalog
   * untouched. A disabled gateway is not contacted. The outbound address policy still refuses a URL with 400.
   */
  async refreshTools(authorized: AuthorizedTarget, include: { resources: boolean; prompts: boolean }): Promise<GatewayRefreshView> {
    const started = Date.now();
    const current = await this.rows.get(GATEWAY_KIND, authorized);
    const answer = (success: boolean, error: string | null, result: CatalogSyncResult = NOTHING_SYNCED()): GatewayRefreshView => ({
      gateway_id: current.id,
      success,
      error,
      ...(flatten(result) as RefreshCounts),
      validation_errors: [],
      duration_ms: Date.now() - started,
      refreshed_at: new Date().toISOString(),
    });
    if (!current.enabled) return answer(false, 'Gateway is disabled');
    let discovery: Discovery;
    try {
      discovery = await this.discovery.discover({ url: current.url, transport: current.transport, headers: this.storedHeaders(current) });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.UPSTREAM_UNAVAILABLE) throw error;
      await this.dataSource.getRepository(GatewayEntity).update(current.id, { reachable: false });
      return answer(false, error.message);
    }
    const result = await this.dataSource.transaction(async (tx: EntityManager) => {
      const locked = await this.rows.getForChange(GATEWAY_KIND, authorized, tx);
      recordContact(locked, discovery);
      const saved = await this.rows.save(tx, GATEWAY_KIND, locked);
      return this.catalogSync.syncSelected(tx, saved, discovery, include);
    });
    return answer(true, null, result);
  }

  private storedHeaders(gateway: GatewayEntity): UpstreamHeaders {
    return gateway.authSecret ? this.cipher.open(gateway.authSecret) : {};
  }
}

function recordContact(gateway: GatewayEntity, discovery: Discovery): void {
  gateway.capabilities = discovery.capabilities;
  gateway.serverInfo = discovery.serverInfo;
  gateway.reachable = true;
  gateway.lastSeen = new Date();
}

/** ContextForge's refresh answer names each count (`tools_added`, ...). */
function flatten(result: CatalogSyncResult): Record<string, number> {
  return Object.fromEntries(
    Object.entries(result).flatMap(([kind, counts]: [string, Record<string, number>]) =>
      Object.entries(counts).map(([change, n]) => [`${kind}_${change}`, n]),
    ),
  ) as Record<string, number>;
}

const NOTHING_SYNCED = (): CatalogSyncResult => ({
  tools: { added: 0, updated: 0, removed: 0 },
  resources: { added: 0, updated: 0, removed: 0 },
  prompts: { added: 0, updated: 0, removed: 0 },
});

type RefreshCounts = Record<`${'tools' | 'resources' | 'prompts'}_${'added' | 'updated' | 'removed'}`, number>;

/** ContextForge's `GatewayRefreshResponse`. */
export type GatewayRefreshView = RefreshCounts & {
  gateway_id: string;
  success: boolean;
  /** Why the refresh failed, in our fixed words; null on success. */
  error: string | null;
  /** ContextForge reports items it could not import; we import every item an MCP server lists. */
  validation_errors: string[];
  duration_ms: number;
  refreshed_at: string;
};
