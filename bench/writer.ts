import { BENCH_MASTER_KEY } from './processes.js';

export interface WriterStats {
  target_writes_per_s: number;
  achieved_writes_per_s: number;
  writes: number;
  failed: number;
  /** Writes not sent because too many were still in flight (the server could not keep up). */
  skipped: number;
  latency_ms: { p50: number; p99: number };
  /** The first few failures, as answered. */
  failure_samples: string[];
}

/**
 * Changes memberships of the bench team while a scenario is measured, through the API as an administrator
 * would (so every write goes through the application's transaction and its cache invalidation): the churn users
 * are added (`/team/member_add`) and removed (`/team/member_delete`) in turn, on a fixed schedule of
 * `writesPerS`, each write its own request and transaction.
 */
export function startWriter(
  baseUrl: string,
  teamId: string,
  userIds: string[],
  writesPerS: number,
  /** Which churn users are in the team now: kept by the caller across writers, so each write is a real change. */
  member: Set<string>,
): { stop(): Promise<WriterStats> } {
  const interval = 1000 / writesPerS;
  // At most 200 ms of writes outstanding: a server that falls behind shows as a missed rate (reported), not as a
  // growing backlog of queued writes that the measured reads then wait behind.
  const maxInFlight = Math.max(4, Math.ceil(writesPerS / 5));
  const latencies: number[] = [];
  let writes = 0;
  let failed = 0;
  const failures: string[] = [];
  const fail = (what: string) => {
    failed++;
    if (failures.length < 3) failures.push(what);
  };
  let skipped = 0;
  let inFlight = 0;
  let sequence = 0;
  let stopped = false;
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  const busy = new Set<string>();

  const write = async (userId: string): Promise<void> => {
    const adding = !member.has(userId);
    const t0 = performance.now();
    try {
      const res = await fetch(`${baseUrl}${adding ? '/team/member_add' : '/team/member_delete'}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BENCH_MASTER_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          adding ? { team_id: teamId, member: [{ user_id: userId, role: 'user' }] } : { team_id: teamId, user_id: userId },
        ),
      });
      const text = await res.text();
      if (res.status >= 200 && res.status < 300) {
        writes++;
        if (adding) member.add(userId);
        else member.delete(userId);
      } else fail(`${adding ? 'member_add' : 'member_delete'} ${res.status} ${text.slice(0, 160)}`);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
    latencies.push(performance.now() - t0);
  };

  let timer: NodeJS.Timeout;
  const tick = () => {
    if (stopped) return;
    // Catch up on the schedule (timers drift), never run ahead of it.
    const due = Math.floor((performance.now() - started) / interval);
    while (sequence < due) {
      sequence++;
      if (inFlight >= maxInFlight) {
        skipped++;
        continue;
      }
      // Users in a round-robin; one still being written is passed over (its next change depends on this one).
      const userId = userIds[sequence % userIds.length];
      if (busy.has(userId)) {
        skipped++;
        continue;
      }
      inFlight++;
      busy.add(userId);
      const p = write(userId).finally(() => {
        inFlight--;
        busy.delete(userId);
        pending.delete(p);
      });
      pending.add(p);
    }
    timer = setTimeout(tick, Math.max(1, interval / 2));
  };
  tick();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      const elapsedS = (performance.now() - started) / 1000;
      await Promise.all([...pending]);
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) =>
        sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10 : 0;
      return {
        target_writes_per_s: writesPerS,
        achieved_writes_per_s: Math.round((writes / elapsedS) * 10) / 10,
        writes,
        failed,
        skipped,
        latency_ms: { p50: at(0.5), p99: at(0.99) },
        failure_samples: failures,
      };
    },
  };
}
