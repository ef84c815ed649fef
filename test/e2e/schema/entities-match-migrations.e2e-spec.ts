import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** House rule: an entity change without a migration fails CI here (the schema builder must see nothing to do). */
describe('entities and migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  it('describe the same schema (an entity change without a migration fails here)', async () => {
    const diff = await t.app.get(DataSource).driver.createSchemaBuilder().log();
    expect(diff.upQueries.map((q) => q.query)).toEqual([]);
  });
});
