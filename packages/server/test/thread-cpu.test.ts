import { describe, expect, it } from 'vitest';
import { currentThreadId, threadCpuMs } from '../src/thread-cpu.js';

describe.skipIf(process.platform !== 'linux')('thread CPU time (Linux /proc)', () => {
  it('advances while the thread computes and stays put while it sleeps', async () => {
    const tid = currentThreadId();
    expect(tid).toBe(process.pid); // the main thread's task id is the process id
    const start = threadCpuMs(tid!)!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterSleep = threadCpuMs(tid!)!;
    expect(afterSleep - start).toBeLessThan(150); // sleeping costs (almost) no CPU, however busy the machine
    let x = 0;
    // Computes until 30 ms of CPU time have been used (the loop bound is only a hang detector).
    for (let i = 0; i < 2e9 && threadCpuMs(tid!)! - afterSleep < 30; i++) for (let k = 0; k < 1e4; k++) x += k;
    expect(threadCpuMs(tid!)! - afterSleep).toBeGreaterThanOrEqual(30);
    expect(x).toBeGreaterThan(0);
  });

  it('a thread that does not exist has no CPU time', () => {
    expect(threadCpuMs(2 ** 31 - 1)).toBeNull();
  });
});
