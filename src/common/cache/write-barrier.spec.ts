import { describe, expect, it } from '@jest/globals';
import { mayWrite } from './write-barrier.js';

describe('mayWrite: which statements make a request wait for its notifications', () => {
  it.each([
    'SELECT id FROM api_keys WHERE token_hash = $1',
    '  select 1',
    'START TRANSACTION',
    'COMMIT',
    'ROLLBACK',
    'SET LOCAL statement_timeout = 1000',
    'WITH RECURSIVE lineage(id) AS (SELECT 1) SELECT * FROM lineage',
  ])('read: %s', (sql) => expect(mayWrite(sql)).toBe(false));

  it.each([
    'INSERT INTO api_keys (id) VALUES ($1)',
    'UPDATE "users" SET is_active = false',
    'DELETE FROM team_members WHERE id = $1',
    'WITH moved AS (UPDATE teams SET name = $1 RETURNING id) SELECT * FROM moved',
    'TRUNCATE audit_events',
    'CALL something()',
  ])('write (or unknown): %s', (sql) => expect(mayWrite(sql)).toBe(true));
});
