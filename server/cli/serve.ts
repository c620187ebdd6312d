/**
 * `drillhall serve`: the API, the WebSocket and the web app on one port (node/serve.ts), built
 * first if need be, with Vite in --dev; shuts down cleanly on SIGINT/SIGTERM/SIGHUP, or when the
 * process that started it (npm) exits.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startServer, type RunningServer } from '../node/serve.js';
import { StoreError } from '../store/store.js';
import { buildWeb, isWebBuilt } from './build.js';
import { startWebDevServer, type WebDevServer } from './dev.js';
import type { Io } from './io.js';

/**
 * `drillhall serve [--port N] [--host H] [--data DIR] [--scenarios DIR]`; PORT, DRILLHALL_DATA
 * and DRILLHALL_SCENARIOS work too.
 */
export async function serveCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' }, scenarios: { type: 'string' }, dev: { type: 'boolean', default: false } } });
  const portText = values.port ?? process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) { io.err(`drillhall serve: "${portText}" is not a port number`); return 2; }
  const dataDir = resolve(values.data ?? process.env.DRILLHALL_DATA ?? 'data');
  // The app at `/` is chosen when the server starts, so build it first; in dev mode Vite serves it.
  if (!values.dev && !isWebBuilt()) {
    io.out('building the web app (first start)...');
    try {
      await buildWeb({ log: io.out });
    } catch (err) {
      io.err(`drillhall serve: the web app could not be built (${(err as Error).message}); serving the API with a plain page at /`);
    }
  }
  let running: RunningServer;
  try {
    const scenariosDir = values.scenarios ?? process.env.DRILLHALL_SCENARIOS;
    running = await startServer({
      port, dataDir, warn: io.err, ...(values.host ? { hostname: values.host } : {}), ...(scenariosDir ? { scenariosDir: resolve(scenariosDir) } : {}),
    });
  } catch (err) {
    if (err instanceof StoreError) { io.err(`drillhall serve: ${err.message}`); return 1; }
    throw err;
  }
  io.out(`Drillhall is listening on ${running.url} (data: ${running.store.location})`);
  let web: WebDevServer | undefined;
  if (values.dev) {
    try {
      web = await startWebDevServer(running.port);
    } catch (err) {
      io.err(`drillhall serve --dev: ${(err as Error).message}`);
      await running.close();
      return 1;
    }
    io.out(`API server:              ${running.url}/api`);
    io.out(`web app with hot reload: ${web.url}  <- open this one`);
  }
  return new Promise<number>((res) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      io.out(`drillhall: ${why}, shutting down`);
      for (const [sig, fn] of handlers) process.off(sig, fn);
      clearInterval(orphanCheck);
      Promise.all([web?.close(), running.close()]).then(() => res(0), (err: unknown) => { io.err(`drillhall: shutdown failed: ${(err as Error).message}`); res(1); });
    };
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((sig) => [sig, () => stop(sig)] as const);
    for (const [sig, fn] of handlers) process.on(sig, fn);
    // `npm start` runs us under `sh -c`, which dies of the SIGTERM a process manager sends npm
    // without passing it on: when the process that started us is gone, stop too.
    const parent = process.ppid;
    const orphanCheck = setInterval(() => { if (process.ppid !== parent) stop('the process that started it exited'); }, ORPHAN_CHECK_MS);
    orphanCheck.unref();
  });
}

/** How often the server checks that the process that started it is still there. */
const ORPHAN_CHECK_MS = 500;
