import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import type { ResourceFacts } from './access-snapshot.js';

/** One resource a request acts on, as its module found it: its id, its team, and what the engine may know of it. */
export interface ResolvedResource extends ResourceFacts {
  id: string;
  /** The team it lives in (null: none, only global grants count). */
  teamId: string | null;
  /**
   * The row itself, when the resolver had to read all of it anyway: the handler answers from it instead of reading
   * it a second time. Only the resolver that put it here knows its type (see e.g. `loadedKeyOf`).
   */
  loaded?: unknown;
}

/** The declared fields' values, already type-checked by the guard: a string, or a list of strings. */
export type ScopeReferences = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface ResourceScopeResolver {
  /** "Tool", "Key": what the surfaces call it in a "not found". */
  label: string;
  /**
   * The resources the references name, as the caller's request would act on them. Nothing found is an empty
   * list: the guard lets the request through and the handler answers "not found" in its surface's terms.
   */
  resolve(references: ScopeReferences, principal: Principal): Promise<ResolvedResource[]>;
}

/** The resolver the teams module registers for team-scoped routes: `{ id }` → the team, its visibility as facts. */
export const TEAM_RESOLVER = 'team';

/**
 * The resolver the users module registers for routes about one user (inspecting their roles and permissions):
 * the user as a resource they own, so that asking about yourself needs no inspector's right.
 */
export const USER_SUBJECT_RESOLVER = 'user-subject';

/** The resolver the organizations module registers: `{ organization_id }` → the organization, decided in itself. */
export const ORGANIZATION_RESOLVER = 'organization';

/** Feature modules register how to find their resources; the guard only asks. */
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
