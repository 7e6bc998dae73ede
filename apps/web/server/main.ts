// The department web UI's server (apps/web): the built UI and the API proxy on one origin.
import { loadWebConfig } from './config';
import { startWebServer } from './web-server';

async function main(): Promise<void> {
  const config = loadWebConfig();
  const server = await startWebServer(config);
  process.stdout.write(
    `${JSON.stringify({ level: 'info', msg: 'web ready', url: server.url, metrics: server.metricsUrl, static: config.WEB_STATIC_DIR })}\n`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
