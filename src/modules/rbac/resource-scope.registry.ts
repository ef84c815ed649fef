import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ResourceFacts } from './access-snapshot.js';

/** The team a target resource lives in (null: none, only global grants count) and what the engine may know of it. */
export interface ResourceScope extends ResourceFacts {
  teamId: string | null;
}

/**
 * Finds the resource(s) a request acts on. An empty list means "nothing found": the guard lets the request
 * through and the service answers 404 in the surface's own terms.
 */
export type ResourceScopeResolver = (request: FastifyRequest) => Promise<ResourceScope[]>;

/** Feature modules register how to find their resources' teams; the guard only asks. */
@Injectable()
export class ResourceScopeRegistry {
  private readonly resolvers = new Map<string, ResourceScopeResolver>();

  register(name: string, resolver: ResourceScopeResolver): void {
    if (this.resolvers.has(name)) throw new Error(`Resource scope resolver "${name}" registered twice`);
    this.resolvers.set(name, resolver);
  }

  get(name: string): ResourceScopeResolver {
    const resolver = this.resolvers.get(name);
    if (!resolver) throw new Error(`No resource scope resolver named "${name}"`);
    return resolver;
  }
}
