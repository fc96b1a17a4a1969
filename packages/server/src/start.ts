/**
 * Runs the service: `node --single-threaded-gc dist/start.js` (node-flags.ts). Configuration comes
 * from the environment (config.ts, and the README's table); every setting is printed in the start-up
 * log line, with where garbage collection runs (`gc`). With CONCURRENCY=processes this process only
 * starts and watches a server process per core (processes.ts), each of which runs this file too.
 * SIGTERM / SIGINT stop accepting connections, let in-flight requests finish, then exit.
 */
import cluster from 'node:cluster';
import { ConfigError, describeConfig, loadConfig, type ServerConfig } from './config.js';
import { gcThreads, NODE_FLAGS } from './node-flags.js';

let config: ServerConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`doc2text server: invalid configuration: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

if (config.concurrency === 'processes' && cluster.isPrimary) {
  const { superviseProcesses } = await import('./processes.js');
  superviseProcesses(config);
} else {
  await serve(config);
}

async function serve(config: ServerConfig): Promise<void> {
  const { createApp } = await import('./app.js');
  const app = createApp(config);

  let stopping = false;
  async function shutdown(signal: NodeJS.Signals): Promise<void> {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    try {
      await app.close();
      app.log.info('server closed');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  }

  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));

  try {
    await app.listen({ port: config.port, host: config.host });
    const gc = gcThreads();
    app.log.info({ config: describeConfig(config), gc }, 'doc2text server ready');
    if (gc === 'shared' && config.parseThreads > 0) {
      app.log.warn({ nodeFlags: NODE_FLAGS }, `parse workers collect garbage on threads shared with the event loop: start node with ${NODE_FLAGS.join(' ')} (server README, Running)`);
    }
  } catch (error) {
    app.log.fatal({ err: error }, 'could not start the server');
    process.exit(1);
  }
}
