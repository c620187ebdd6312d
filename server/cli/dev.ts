/**
 * `drillhall serve --dev`: beside the API server, a Vite dev server for the web app with hot
 * reload. Vite serves web/ from source and proxies `/api` (the drill WebSocket included) and
 * `/healthz` to the API server, so the browser talks to one origin as in production.
 */
import { VITE_CONFIG } from './build.js';

export interface WebDevServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Start Vite's dev server against the API server listening on `apiPort`. */
export async function startWebDevServer(apiPort: number): Promise<WebDevServer> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error('Vite is not installed; run "npm install" (dev mode needs it)');
  }
  // vite.config.ts points its proxy at PORT; make it the port the API server really got.
  process.env.PORT = String(apiPort);
  const server = await vite.createServer({ configFile: VITE_CONFIG, clearScreen: false });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? `http://localhost:${server.config.server.port}/`;
  return { url, close: () => server.close() };
}
