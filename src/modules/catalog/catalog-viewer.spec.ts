import { describe, expect, it } from '@jest/globals';
import { type CatalogViewer, mayListTeam, visibleSql } from './catalog-viewer.js';

const member: CatalogViewer = { userId: 'me', teamIds: ['alpha'], seesAllShared: false, seesOwn: true };
const admin: CatalogViewer = { userId: 'admin', teamIds: [], seesAllShared: true, seesOwn: true };
const publicOnly: CatalogViewer = { ...member, teamIds: [], seesOwn: false };

describe('mayListTeam', () => {
  it('lists a team only for its members and for admins', () => {
    expect(mayListTeam(member, 'alpha')).toBe(true);
    expect(mayListTeam(member, 'beta')).toBe(false);
    expect(mayListTeam(admin, 'beta')).toBe(true);
  });
});

describe('visibleSql', () => {
  it("owners see their rows only in the teams they act in; members their teams' rows", () => {
    const { sql, params } = visibleSql(member, 'x');
    expect(sql).toContain('x.owner_user_id = :viewerId AND (x.team_id IS NULL OR x.team_id IN (:...viewerTeams))');
    expect(sql).toContain("x.visibility = 'team' AND x.team_id IN (:...viewerTeams)");
    expect(params).toEqual({ viewerId: 'me', viewerTeams: ['alpha'] });
  });

  it('public-only tokens see public rows and nothing of their own', () => {
    expect(visibleSql(publicOnly, 'x').sql).toBe("(x.visibility = 'public')");
  });

  it('admins see every team row, never by owner alone in foreign teams', () => {
    const { sql } = visibleSql(admin, 'x');
    expect(sql).toContain("x.visibility = 'team'");
    expect(sql).not.toContain("x.visibility = 'private'");
  });
});
