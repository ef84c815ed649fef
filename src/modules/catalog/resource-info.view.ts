import { ownershipView } from './catalog-views.js';
import type { ResourceEntity } from './entities/resource.entity.js';

/**
 * ContextForge's `ResourceRead`: a resource's metadata without its content (`GET /resources/{id}/info`, and the
 * resources of a server). `size` is the content's length in bytes, null when there is none (imported resources
 * are served by their gateway).
 */
export function toResourceInfoView(resource: ResourceEntity) {
  return {
    id: resource.id,
    uri: resource.uri,
    name: resource.name,
    description: resource.description,
    mime_type: resource.mimeType,
    mimeType: resource.mimeType,
    uri_template: null,
    size: resource.content === null ? null : Buffer.byteLength(resource.content, 'utf8'),
    tags: resource.tags,
    gateway_id: resource.gatewayId,
    ...ownershipView(resource),
  };
}

export type ResourceInfoView = ReturnType<typeof toResourceInfoView>;
