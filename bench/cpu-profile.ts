import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from './results.js';

/** The parts of V8's .cpuprofile (what `node --cpu-prof` writes) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  /** µs, on the same monotonic clock as process.hrtime. */
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Frame {
  function: string;
  location: string;
  self_ms: number;
  self_pct: number;
}

export interface ProfileSummary {
  file: string;
  /** Whether the samples were cut to the scenario's window (else the whole run, when the clocks did not line up). */
  windowed: boolean;
  sampled_ms: number;
  top: Frame[];
}

function locationOf(url: string, line: number, column: number): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? relative(REPO_ROOT, new URL(url).pathname) : url;
  return `${path}:${line + 1}:${column + 1}`;
}

/**
 * Self time per frame (function + location) of the samples taken within `windowUs`, the `limit` largest.
 * A sample's time is the delta to the next sample, as DevTools counts it.
 */
export function topSelfFrames(file: string, windowUs: [number, number] | null, limit = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const overlaps = windowUs !== null && windowUs[0] < profile.endTime && windowUs[1] > profile.startTime;
  const self = new Map<string, { fn: string; location: string; us: number }>();
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const duration = profile.timeDeltas[i + 1] ?? 0;
    if (overlaps && (t < windowUs[0] || t > windowUs[1])) continue;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const fn = functionName || '(anonymous)';
    const location = locationOf(url, lineNumber, columnNumber);
    const key = `${fn} ${location}`;
    const entry = self.get(key) ?? { fn, location, us: 0 };
    entry.us += duration;
    self.set(key, entry);
    total += duration;
  }
  const top = [...self.values()]
    .sort((x, y) => y.us - x.us)
    .slice(0, limit)
    .map((e) => ({
      function: e.fn,
      location: e.location,
      self_ms: Math.round(e.us / 100) / 10,
      self_pct: total ? Math.round((e.us / total) * 1000) / 10 : 0,
    }));
  return { file: relative(REPO_ROOT, file), windowed: overlaps, sampled_ms: Math.round(total / 1000), top };
}
