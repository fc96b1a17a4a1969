/**
 * The V8 option the service runs with: `node --single-threaded-gc dist/start.js` (package.json
 * `start`, the Dockerfile, the bench).
 *
 * V8 collects garbage partly on helper threads that every isolate of the process shares (its
 * platform's worker threads, started with the process at the event loop's priority). A parse
 * worker's heap grows to ~90 MiB on a 16 MB document, and its collections then ran on those threads,
 * on both cores, above the parse workers that parse-pool.ts lowers below the event loop: small
 * documents' workers lost the CPU to a large document's garbage collection. With
 * `--single-threaded-gc` each isolate collects on its own thread, at that thread's priority, and the
 * whole collection costs less CPU (the helpers also contended with each other: server CPU per 16 MB
 * document 326-414 ms → 251-282 ms, of which on the helper threads 95-126 ms → 10-16 ms, in
 * alternating runs of bench/service-large-cpu.ts).
 *
 * V8 options cannot be changed once the process runs (changing this one then aborts V8) and are
 * refused in NODE_OPTIONS: they belong on the command line. start.ts logs which mode it runs in and
 * warns when the option is missing.
 */
export const NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/** Where this process's garbage collection runs: on each isolate's own thread, or (also) on shared helpers. */
export function gcThreads(execArgv: readonly string[] = process.execArgv): 'own' | 'shared' {
  return execArgv.includes('--single-threaded-gc') || execArgv.includes('--single-threaded') ? 'own' : 'shared';
}
