/**
 * The server on a Node listener: the HTTP app and the WebSocket on one port. Opens (and locks)
 * the data file, replays every stored drill, drives running clocks on a timer, and closes
 * cleanly: stop accepting, close sockets, flush the store, release the lock. `drillhall serve`
 * (cli/serve.ts), the benchmarks and the tests start it; nothing here reads the command line.
 */
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { loadCatalog, type ScenarioCatalog } from '../drills/catalog.js';
import type { Now } from '../drills/clock.js';
import { LiveHub, type HubOptions } from '../drills/hub.js';
import type { Limits } from '../drills/limits.js';
import { DrillService } from '../drills/service.js';
import { createApp } from '../http/app.js';
import { DATA_FILE_NAME, openFileStore } from '../store/lowdb.js';
import type { DrillStore } from '../store/store.js';

/** A client message larger than this closes the socket (ws maxPayload, code 1009); up to
 * MAX_CLIENT_MESSAGE_BYTES it is answered with an error and the socket stays open. */
export const WS_MAX_PAYLOAD = 256 * 1024;
export const DEFAULT_PORT = 8080;
export const TICK_MS = 250;

export interface ServerOptions {
  readonly port?: number;
  readonly hostname?: string;
  /** the store to use; otherwise `dataDir`/drillhall.json is opened and locked */
  readonly store?: DrillStore;
  readonly dataDir?: string;
  readonly catalog?: ScenarioCatalog;
  /** where the scenario files are (default: the built-in scenarios/) */
  readonly scenariosDir?: string;
  /** told about scenario files that were left out */
  readonly warn?: (text: string) => void;
  readonly now?: Now;
  /** how often running clocks move (ms); 0 means never on its own (tests call `service.tick()`) */
  readonly tickMs?: number;
  readonly hub?: HubOptions;
  /** over the DRILLHALL_* environment variables, which are over the defaults (drills/limits.ts) */
  readonly limits?: Partial<Limits>;
  readonly webRoot?: string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly service: DrillService;
  readonly hub: LiveHub;
  readonly store: DrillStore;
  close(): Promise<void>;
}

/** Start a server and resolve once it listens. Throws StoreError when the data file is locked or corrupt. */
export async function startServer(o: ServerOptions = {}): Promise<RunningServer> {
  const catalog = o.catalog ?? (await loadScenarios(o.scenariosDir, o.warn ?? console.warn));
  const store = o.store ?? (await openFileStore(join(resolve(o.dataDir ?? 'data'), DATA_FILE_NAME)));
  let service: DrillService;
  try {
    service = await DrillService.open({ store, catalog, ...(o.now ? { now: o.now } : {}), ...(o.limits ? { limits: o.limits } : {}) });
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  const hub = new LiveHub(service, o.hub);
  const app = createApp({ service, hub, ...(o.webRoot ? { webRoot: o.webRoot } : {}) });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
  let server: ServerType;
  try {
    server = await listen(app.fetch, wss, o.port ?? DEFAULT_PORT, o.hostname);
  } catch (err) {
    hub.close();
    await service.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  hub.start();
  const ticker = startTicker(service, o.tickMs ?? TICK_MS);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    ticker.stop();
    hub.close();
    await new Promise<void>((res) => { server.close(() => res()); (server as { closeAllConnections?: () => void }).closeAllConnections?.(); });
    await ticker.idle();
    await service.close();
  })());
  return { url: `http://localhost:${port}`, port, service, hub, store, close };
}

async function loadScenarios(dir: string | undefined, warn: (text: string) => void): Promise<ScenarioCatalog> {
  const { catalog, skipped } = await loadCatalog(dir);
  for (const s of skipped) warn(`drillhall: ${s}`);
  return catalog;
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], wss: WebSocketServer, port: number, hostname?: string): Promise<ServerType> {
  return new Promise((res, rej) => {
    const server = serve({ fetch, port, ...(hostname ? { hostname } : {}), websocket: { server: wss } }, () => res(server));
    server.once('error', rej);
  });
}

/** Run `service.tick()` every `ms`, never two at once. */
function startTicker(service: DrillService, ms: number): { stop(): void; idle(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = ms > 0 ? setInterval(() => {
    if (busy) return;
    busy = true;
    running = service.tick().catch((err: unknown) => console.error('drillhall: tick failed:', err)).finally(() => { busy = false; });
  }, ms) : undefined;
  return { stop: () => clearInterval(timer), idle: () => running };
}
