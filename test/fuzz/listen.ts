/**
 * A real server for the fuzz and soak tests with limits of their choosing: the same parts as
 * `startServer` (server/node/serve.ts), which takes no limits of its own.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { WS_MAX_PAYLOAD } from '../../server/node/serve.js';
import type { ScenarioCatalog } from '../../server/drills/catalog.js';
import type { Now } from '../../server/drills/clock.js';
import { LiveHub } from '../../server/drills/hub.js';
import type { Limits } from '../../server/drills/limits.js';
import { DrillService } from '../../server/drills/service.js';
import { createApp } from '../../server/http/app.js';
import type { DrillStore } from '../../server/store/store.js';

export interface Listening {
  readonly url: string;
  readonly service: DrillService;
  readonly hub: LiveHub;
  readonly store: DrillStore;
  readonly app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export async function listen(o: { store: DrillStore; catalog: ScenarioCatalog; now?: Now; limits?: Partial<Limits>; onUnexpected?: (err: unknown) => void }): Promise<Listening> {
  const service = await DrillService.open({ store: o.store, catalog: o.catalog, ...(o.now ? { now: o.now } : {}), ...(o.limits ? { limits: o.limits } : {}) });
  const hub = new LiveHub(service, { heartbeatMs: 0 });
  const app = createApp({ service, hub, webRoot: '/nonexistent', ...(o.onUnexpected ? { onUnexpected: o.onUnexpected } : {}) });
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
  const server = await new Promise<ServerType>((res, rej) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', websocket: { server: wss } }, () => res(s));
    s.once('error', rej);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, service, hub, store: o.store, app,
    async close() {
      hub.close();
      await new Promise<void>((res) => { server.close(() => res()); (server as { closeAllConnections?: () => void }).closeAllConnections?.(); });
      await service.close();
    },
  };
}
