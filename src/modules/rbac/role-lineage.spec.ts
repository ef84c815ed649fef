import { describe, expect, it } from '@jest/globals';
import { MAX_ROLE_DEPTH } from './access-snapshot.loader.js';
import { effectivePermissionsOf, inheritanceProblem, type LineageRole } from './role-lineage.js';

function roles(...list: [id: string, permissions: string[], parent: string | null, active?: boolean][]): Map<string, LineageRole> {
  return new Map(list.map(([id, permissions, inheritsFrom, isActive = true]) => [id, { id, permissions, inheritsFrom, isActive }]));
}

/** r0 ← r1 ← … ← r{n}: role r{i} inherits from r{i-1}; n links in all. */
function chain(n: number): Map<string, LineageRole> {
  return roles(
    ...Array.from({ length: n + 1 }, (_, i) => [`r${i}`, [`p${i}`], i === 0 ? null : `r${i - 1}`] as [string, string[], string | null]),
  );
}

describe('effectivePermissionsOf', () => {
  it('is own ∪ every ancestor, sorted and without duplicates', () => {
    const graph = roles(
      ['base', ['tools.read', 'teams.read'], null],
      ['mid', ['tools.create', 'tools.read'], 'base'],
      ['top', ['tools.delete'], 'mid'],
    );
    expect(effectivePermissionsOf('top', graph)).toEqual(['teams.read', 'tools.create', 'tools.delete', 'tools.read']);
    expect(effectivePermissionsOf('base', graph)).toEqual(['teams.read', 'tools.read']);
  });

  it('skips an inactive ancestor but keeps what is above it (as the snapshot loader does)', () => {
    const graph = roles(['base', ['a.x'], null], ['mid', ['b.y'], 'base', false], ['top', ['c.z'], 'mid']);
    expect(effectivePermissionsOf('top', graph)).toEqual(['a.x', 'c.z']);
  });

  it('an unknown role has none; a cycle already in the data still ends', () => {
    expect(effectivePermissionsOf('nope', roles())).toEqual([]);
    const cyclic = roles(['a', ['p.a'], 'b'], ['b', ['p.b'], 'a']);
    expect(effectivePermissionsOf('a', cyclic)).toEqual(['p.a', 'p.b']);
  });

  it(`follows at most ${MAX_ROLE_DEPTH} links`, () => {
    const graph = chain(MAX_ROLE_DEPTH + 3);
    const top = `r${MAX_ROLE_DEPTH + 3}`;
    const perms = effectivePermissionsOf(top, graph);
    expect(perms).toHaveLength(MAX_ROLE_DEPTH + 1);
    expect(perms).not.toContain('p0');
  });
});

describe('inheritanceProblem', () => {
  const graph = roles(['a', [], null], ['b', [], 'a'], ['c', [], 'b'], ['x', [], null]);

  it.each([
    ['a new role under an existing one', null, 'c', null],
    ['re-parenting onto an unrelated role', 'x', 'c', null],
    ['self-inheritance', 'a', 'a', 'cycle'],
    ['parent is a descendant (a ← b ← c, a → c)', 'a', 'c', 'cycle'],
    ['parent is a direct child', 'b', 'c', 'cycle'],
    ['parent does not exist', null, 'ghost', 'missing_parent'],
  ] as const)('%s', (_label, roleId, parentId, problem) => {
    expect(inheritanceProblem(roleId, parentId, graph)?.kind ?? null).toBe(problem);
  });

  it(`allows a chain of exactly ${MAX_ROLE_DEPTH} links and refuses one more`, () => {
    const graph = chain(MAX_ROLE_DEPTH - 1); // r{MAX-1} has MAX-1 links above it
    expect(inheritanceProblem(null, `r${MAX_ROLE_DEPTH - 1}`, graph)).toBeNull();
    const longer = chain(MAX_ROLE_DEPTH);
    expect(inheritanceProblem(null, `r${MAX_ROLE_DEPTH}`, longer)).toEqual({ kind: 'too_deep', depth: MAX_ROLE_DEPTH + 1 });
  });

  it('counts the descendants of a role being re-parented', () => {
    // x ← y ← z (2 links below x); hanging x under r{MAX-2} (MAX-2 links above it) makes MAX+1 links.
    const graph = chain(MAX_ROLE_DEPTH - 2);
    graph.set('x', { id: 'x', permissions: [], inheritsFrom: null, isActive: true });
    graph.set('y', { id: 'y', permissions: [], inheritsFrom: 'x', isActive: true });
    graph.set('z', { id: 'z', permissions: [], inheritsFrom: 'y', isActive: true });
    expect(inheritanceProblem('x', `r${MAX_ROLE_DEPTH - 2}`, graph)).toEqual({ kind: 'too_deep', depth: MAX_ROLE_DEPTH + 1 });
    expect(inheritanceProblem('y', `r${MAX_ROLE_DEPTH - 2}`, graph)).toBeNull();
  });
});
