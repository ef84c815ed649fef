import { describe, expect, it } from '@jest/globals';
import { canSee, type CatalogViewer, mayListTeam, type VisibleFacts } from './catalog-viewer.js';

const member: CatalogViewer = { email: 'me@x.io', teamIds: ['alpha'], seesAllShared: false, seesOwn: true };
const admin: CatalogViewer = { email: 'admin@x.io', teamIds: [], seesAllShared: true, seesOwn: true };
const publicOnly: CatalogViewer = { ...member, teamIds: [], seesOwn: false };

const row = (visibility: VisibleFacts['visibility'], teamId: string | null, ownerEmail: string | null): VisibleFacts => ({
  visibility,
  teamId,
  ownerEmail,
});

describe('canSee', () => {
  it.each([
    ['public row of another team', member, row('public', 'beta', 'x@x.io'), true],
    ['team row of my team', member, row('team', 'alpha', 'x@x.io'), true],
    ['team row of another team', member, row('team', 'beta', 'x@x.io'), false],
    ["someone else's private row in my team", member, row('private', 'alpha', 'x@x.io'), false],
    ['my private row', member, row('private', 'alpha', 'me@x.io'), true],
    ['my team row in a team I left', member, row('team', 'gone', 'me@x.io'), true],
    ['admin: team row of any team', admin, row('team', 'beta', 'x@x.io'), true],
    ["admin: someone else's private row", admin, row('private', 'beta', 'x@x.io'), false],
    ['public-only token: public row', publicOnly, row('public', 'alpha', 'x@x.io'), true],
    ['public-only token: my own private row', publicOnly, row('private', 'alpha', 'me@x.io'), false],
    ['master key (no email): private row without owner', { ...admin, email: null }, row('private', 'alpha', null), false],
  ] as const)('%s → %s', (_label, viewer, facts, expected) => {
    expect(canSee(viewer, facts)).toBe(expected);
  });
});

describe('mayListTeam', () => {
  it('lists a team only for its members and for admins', () => {
    expect(mayListTeam(member, 'alpha')).toBe(true);
    expect(mayListTeam(member, 'beta')).toBe(false);
    expect(mayListTeam(admin, 'beta')).toBe(true);
  });
});
