import { ChangeFeed } from '../../src/common/cache/change-feed.js';
import type { TestApp } from './test-app.js';

/**
 * After a change written behind the application's back (plain SQL, a service called directly) or through another
 * instance: wait until this instance's caches have heard every change committed so far (its change feed's own
 * barrier comes back, within 1 s). On the embedded database that is already the case when the write returns.
 */
export async function cachesCaughtUp(app: TestApp): Promise<void> {
  await app.app.get(ChangeFeed).barrier();
}
