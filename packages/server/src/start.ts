/**
 * Runs the service: `node dist/start.js`. Configuration comes from the environment (config.ts, and
 * the README's table); every setting is printed in the start-up log line.
 * SIGTERM / SIGINT stop accepting connections, let in-flight requests finish, then exit.
 */
import { createApp } from './app.js';
import { ConfigError, describeConfig, loadConfig, type ServerConfig } from './config.js';

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
  app.log.info({ config: describeConfig(config) }, 'doc2text server ready');
} catch (error) {
  app.log.fatal({ err: error }, 'could not start the server');
  process.exit(1);
}
