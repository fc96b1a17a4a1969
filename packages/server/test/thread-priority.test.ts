/**
 * V8's background threads run below the event loop once a parse pool starts (thread-priority.ts):
 * checked in a child process, whose main thread is its own (a test runs inside the runner's worker).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers.js';

const script = `
import { readdirSync, readFileSync } from 'node:fs';
import { lowerBackgroundThreads } from ${JSON.stringify(join(REPO_ROOT, 'packages/server/src/thread-priority.ts'))};
const nice = () => Object.fromEntries(readdirSync('/proc/self/task').map((t) => {
  const stat = readFileSync('/proc/self/task/' + t + '/stat', 'latin1');
  return [t, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
}));
const before = nice();
lowerBackgroundThreads(5);
lowerBackgroundThreads(5); // again (another pool): never lower twice
console.log(JSON.stringify({ pid: process.pid, before, after: nice() }));
`;

describe.skipIf(process.platform !== 'linux')('thread priorities', () => {
  it('puts every thread but the event loop 5 steps below it, once, and leaves the event loop alone', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    const { pid, before, after } = JSON.parse(out.trim().split('\n').pop()!) as { pid: number; before: Record<string, number>; after: Record<string, number> };
    expect(Object.keys(before).length).toBeGreaterThan(1); // V8's platform threads exist from the start
    for (const [tid, nice] of Object.entries(after)) {
      if (Number(tid) === pid) expect(nice, 'event loop').toBe(before[tid]);
      else if (tid in before) expect(nice, `thread ${tid}`).toBe(Math.max(before[tid]!, Math.min(19, before[String(pid)]! + 5)));
    }
  });
});
