import { describe, expect, it } from 'vitest';
import { currentThreadId, ThreadClock } from '../src/thread-cpu.js';

describe.skipIf(process.platform !== 'linux')('thread CPU time (Linux /proc)', () => {
  it('advances while the thread computes and stays put while it sleeps', async () => {
    const tid = currentThreadId();
    expect(tid).toBe(process.pid); // the main thread's task id is the process id
    const clock = ThreadClock.open(tid!)!;
    const start = clock.ms()!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterSleep = clock.ms()!;
    expect(afterSleep - start).toBeLessThan(150); // sleeping costs (almost) no CPU, however busy the machine
    let x = 0;
    // Computes until 30 ms of CPU time have been used (the loop bound is only a hang detector).
    for (let i = 0; i < 2e9 && clock.ms()! - afterSleep < 30; i++) for (let k = 0; k < 1e4; k++) x += k;
    expect(clock.ms()! - afterSleep).toBeGreaterThanOrEqual(30);
    expect(x).toBeGreaterThan(0);
    clock.close();
    expect(clock.ms()).toBeNull();
  });

  it('a thread that does not exist has no clock', () => {
    expect(ThreadClock.open(2 ** 31 - 1)).toBeNull();
  });

  it("a thread's clock stops reading once the thread has ended", async () => {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker("const { parentPort } = require('node:worker_threads'); const fs = require('node:fs'); parentPort.postMessage(Number(fs.readlinkSync('/proc/thread-self').split('/').pop()));", { eval: true });
    const tid = await new Promise<number>((resolve) => worker.once('message', resolve));
    const clock = ThreadClock.open(tid);
    expect(clock?.ms()).toEqual(expect.any(Number));
    await worker.terminate();
    expect(clock!.ms()).toBeNull();
    clock!.close();
  });
});
