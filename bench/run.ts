/**
 * `npm run bench`: the permission evaluator bench, then the HTTP bench, then a summary.
 * Writes bench/results/{evaluator,http,summary}.json; exits non-zero if anything failed.
 */
import 'reflect-metadata';
import { cpus } from 'node:os';
import { runEvaluatorBench } from './evaluator-bench.js';
import { runHttpBench } from './http-bench.js';
import { writeResult } from './results.js';
import { summaryTable } from './summary-table.js';

/** Everything is bounded (about a minute); past this something hangs, and a bench that never ends is worse than a failed one. */
const DEADLINE_MS = 5 * 60_000;

async function main(): Promise<void> {
  console.log('evaluator bench…');
  const evaluator = await runEvaluatorBench();
  writeResult('evaluator.json', evaluator);
  const http = await runHttpBench();
  writeResult('http.json', http);
  const summary = { node: process.version, date: new Date().toISOString(), cpus: cpus().length, evaluator, http };
  const path = writeResult('summary.json', summary);
  console.log(`\nnode ${summary.node}, ${summary.cpus} cpus, ${summary.date}\n`);
  console.log(summaryTable(evaluator, http));
  console.log(`\nwritten to ${path}`);
}

const deadline = setTimeout(() => {
  console.error(`bench: still running after ${DEADLINE_MS / 1000}s, giving up`);
  process.exit(1);
}, DEADLINE_MS);
try {
  await main();
} catch (error) {
  console.error('bench failed:', error);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
}
// Everything was closed; if a handle still keeps the process alive, say so rather than hang.
setTimeout(() => {
  console.error('bench: finished, but something still keeps the process alive; exiting');
  process.exit(process.exitCode ?? 0);
}, 10_000).unref();
