/**
 * The WebSocket upgrade, on @hono/node-server v2's built-in support (a `ws` WebSocketServer
 * created with `noServer: true`, see server/node/serve.ts). The token and the connection limits
 * were checked before the upgrade; from here on the hub owns the connection.
 */
import { upgradeWebSocket } from '@hono/node-server';
import type { Context } from 'hono';
import type { WebSocket } from 'ws';
import type { Principal } from '../drills/access.js';
import type { Connection, LiveHub } from '../drills/hub.js';

/** Upgrade to a WebSocket owned by the hub for `principal`. */
export function liveRoute(c: Context, hub: LiveHub, principal: Principal): Promise<Response> {
  let conn: Connection | undefined;
  return upgradeWebSocket(c, {
    onOpen(_evt, ws) {
      // The raw socket is a `ws` WebSocket: the hub needs its ping, pong, bufferedAmount and terminate.
      const raw = ws.raw as unknown as WebSocket;
      // The limits again: other upgrades of this token may have finished since the route's check.
      const opened = hub.accept(principal, raw);
      if (!opened) return;
      conn = opened;
      raw.on('pong', () => hub.pong(opened));
    },
    onMessage(evt) {
      if (conn) void hub.receive(conn, evt.data);
    },
    onClose() {
      if (conn) hub.closed(conn);
    },
    onError() {
      if (conn) hub.closed(conn);
    },
  });
}
