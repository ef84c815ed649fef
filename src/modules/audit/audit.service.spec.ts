import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditService } from './audit.service.js';

/** A DataSource whose inserts resolve or reject as the test says, recording what was written. */
function fakeDataSource(insert: (row: unknown) => Promise<unknown>) {
  const rows: unknown[] = [];
  const dataSource = {
    getRepository: () => ({
      insert: (row: unknown) => {
        rows.push(row);
        return insert(row);
      },
    }),
  } as unknown as DataSource;
  return { dataSource, rows };
}

describe('AuditService.record', () => {
  it('returns at once and writes in the background; flush waits for the write', async () => {
    let release!: () => void;
    const { dataSource, rows } = fakeDataSource(() => new Promise<void>((resolve) => (release = resolve)));
    const audit = new AuditService(dataSource);
    audit.record({ type: 'login', outcome: 'success', target: { type: 'user', id: 'u1', name: 'a@example.com' } });
    expect(rows).toHaveLength(1);
    let flushed = false;
    const flushing = audit.flush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    release();
    await flushing;
    expect(flushed).toBe(true);
  });

  it('never throws when the write fails: the failure is logged', async () => {
    const { dataSource } = fakeDataSource(() => Promise.reject(new Error('database is down')));
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const audit = new AuditService(dataSource);
    expect(() => audit.record({ type: 'key_created', outcome: 'success' })).not.toThrow();
    await audit.flush();
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('key_created not recorded: database is down'));
    errors.mockRestore();
  });

  it('stores no secrets from details, and anonymous when no actor is known', async () => {
    const { dataSource, rows } = fakeDataSource(() => Promise.resolve());
    const audit = new AuditService(dataSource);
    audit.record({ type: 'login_failed', outcome: 'failure', details: { password: 'hunter2', attempt: 3 } });
    await audit.flush();
    expect(rows[0]).toEqual(
      expect.objectContaining({ eventType: 'login_failed', actorKind: 'anonymous', actorUserId: null, details: { attempt: 3 } }),
    );
    expect(JSON.stringify(rows)).not.toContain('hunter2');
  });
});
