import { MASKED, ownershipView } from '../catalog/catalog-views.js';
import type { GatewayEntity } from './entities/gateway.entity.js';

/** A gateway as clients see it: the credentials are write-only, shown as `*****` when set. */
export function toGatewayView(gateway: GatewayEntity) {
  return {
    id: gateway.id,
    name: gateway.name,
    slug: gateway.slug,
    url: gateway.url,
    description: gateway.description,
    transport: gateway.transport,
    tags: gateway.tags,
    capabilities: gateway.capabilities,
    server_info: gateway.serverInfo,
    reachable: gateway.reachable,
    last_seen: gateway.lastSeen ? gateway.lastSeen.toISOString() : null,
    auth_type: gateway.authType,
    auth_value: gateway.authSecret ? MASKED : null,
    ...ownershipView(gateway),
  };
}

export type GatewayView = ReturnType<typeof toGatewayView>;
