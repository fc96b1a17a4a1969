/**
 * The process-per-core model, for the original-service bench (section 5) only: node:cluster forks
 * one copy of packages/server/dist/start.js per core; the children share the listening socket and
 * accept connections themselves (SCHED_NONE: the kernel spreads them, no hand-off through this
 * process). Configuration comes from the environment, as for start.js (the bench sets PARSE_THREADS=0:
 * every document parsed on its process's event loop). SIGTERM stops the children, then this process.
 */
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';

cluster.schedulingPolicy = cluster.SCHED_NONE;
if (cluster.isPrimary) {
  for (let i = 0; i < availableParallelism(); i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', () => {
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  process.once('SIGTERM', () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  });
} else {
  await import('../packages/server/dist/start.js');
}
