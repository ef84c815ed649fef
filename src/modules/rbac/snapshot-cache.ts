import type { AssignmentGrant, MembershipGrant, OrganizationRole } from './access-snapshot.js';

/** What the engine loads from the database for one user: the part of a snapshot worth keeping across requests. */
export interface UserAccessRows {
  memberships: ReadonlyMap<string, MembershipGrant>;
  assignments: readonly AssignmentGrant[];
  organizations: ReadonlyMap<string, OrganizationRole>;
  organizationTeams: ReadonlyMap<string, string>;
}

/**
 * Users' access rows, each tagged with the access epoch it was loaded under. An entry is served only to a request
 * that read the very same epoch with its credentials; any committed change to memberships, teams, roles or
 * assignments moves the epoch (a trigger, in the same transaction), so every instance drops stale entries on its
 * next request without being told. Bounded: the oldest entries go first.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, { epoch: string; rows: UserAccessRows }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(userId: string, epoch: string): UserAccessRows | undefined {
    const entry = this.entries.get(userId);
    if (!entry) return undefined;
    if (entry.epoch !== epoch) {
      this.entries.delete(userId);
      return undefined;
    }
    return entry.rows;
  }

  /**
   * `epoch` must have been read before the rows were: rows at least as new as their tag. (A change committed in
   * between makes the tag old, which only costs one reload.)
   */
  set(userId: string, epoch: string, rows: UserAccessRows): void {
    this.entries.delete(userId);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(userId, { epoch, rows });
  }

  get size(): number {
    return this.entries.size;
  }
}
