import { MAX_ROLE_DEPTH } from './access-snapshot.loader.js';

/** What inheritance needs to know about a role. */
export interface LineageRole {
  id: string;
  permissions: readonly string[];
  inheritsFrom: string | null;
  isActive: boolean;
}

/**
 * A role's effective permissions: its own ∪ every ancestor's, exactly as the snapshot loader resolves them for
 * assignments (inactive roles in the chain contribute nothing but do not cut it; at most MAX_ROLE_DEPTH links are
 * followed, so a cycle that somehow reached the table still ends).
 */
export function effectivePermissionsOf(roleId: string, roles: ReadonlyMap<string, LineageRole>): string[] {
  const permissions = new Set<string>();
  let current = roles.get(roleId);
  for (let depth = 0; current && depth <= MAX_ROLE_DEPTH; depth++) {
    if (current.isActive) for (const p of current.permissions) permissions.add(p);
    current = current.inheritsFrom ? roles.get(current.inheritsFrom) : undefined;
  }
  return [...permissions].sort();
}

export type InheritanceProblem = { kind: 'missing_parent' } | { kind: 'cycle' } | { kind: 'too_deep'; depth: number };

/**
 * Whether `roleId` (null: a role being created) may inherit from `parentId`. A role has one parent, so the
 * inheritance graph is a forest of chains: the new link makes a cycle iff walking up from the parent reaches the
 * role itself; it is too deep iff the longest chain through the role (its descendants below, the parent's
 * ancestors above) has more than MAX_ROLE_DEPTH links.
 */
export function inheritanceProblem(
  roleId: string | null,
  parentId: string,
  roles: ReadonlyMap<string, LineageRole>,
): InheritanceProblem | null {
  if (roleId !== null && parentId === roleId) return { kind: 'cycle' };
  if (!roles.has(parentId)) return { kind: 'missing_parent' };
  // Links above the role: one to the parent, plus the parent's own chain.
  let linksAbove = 0;
  const seen = new Set<string>();
  for (let id: string | null = parentId; id !== null; id = roles.get(id)?.inheritsFrom ?? null) {
    if (id === roleId) return { kind: 'cycle' };
    // A cycle already in the table (never written through the API) must not hang us.
    if (seen.has(id)) return { kind: 'cycle' };
    seen.add(id);
    linksAbove++;
    if (!roles.has(id)) break;
  }
  const linksBelow = roleId === null ? 0 : longestChainBelow(roleId, roles);
  const depth = linksAbove + linksBelow;
  return depth > MAX_ROLE_DEPTH ? { kind: 'too_deep', depth } : null;
}

/** Links from the role down to its deepest descendant (0 when nothing inherits from it). */
function longestChainBelow(roleId: string, roles: ReadonlyMap<string, LineageRole>): number {
  const children = new Map<string, string[]>();
  for (const role of roles.values()) {
    if (role.inheritsFrom === null) continue;
    const list = children.get(role.inheritsFrom) ?? [];
    list.push(role.id);
    children.set(role.inheritsFrom, list);
  }
  let longest = 0;
  const stack: [string, number][] = [[roleId, 0]];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const [id, depth] = stack.pop()!;
    if (visited.has(id)) continue;
    visited.add(id);
    longest = Math.max(longest, depth);
    for (const child of children.get(id) ?? []) stack.push([child, depth + 1]);
  }
  return longest;
}
