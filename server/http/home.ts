/**
 * The page at `/` until the web app is built into dist/web: the built-in scenarios, links to
 * their JSON, and how to run a drill with curl. Deliberately plain; the web app replaces it.
 */
import { html, raw } from 'hono/html';
import type { ScenarioCatalog } from '../drills/catalog.js';
import { formatDuration } from '../../contract/duration.js';

/**
 * The page's only style. It is inline, so the Content-Security-Policy allows it by its hash
 * (headers.ts), not with 'unsafe-inline'.
 */
export const HOME_STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
  pre { background: #f3f4f6; padding: .75rem; overflow-x: auto; font-size: 14px; }
  li { margin-bottom: .75rem; }
`;

export function homePage(catalog: ScenarioCatalog, origin: string) {
  const first = catalog.list()[0]?.scenario.id ?? 'SCENARIO_ID';
  const rows = catalog.list().map(({ scenario: s }) => html`<li><a href="/api/scenarios/${s.id}">${s.title}</a>
    <small>(${s.id}, ${s.difficulty}, about ${formatDuration(s.duration)})</small><br>${s.summary}</li>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drillhall</title>
<style>${raw(HOME_STYLE)}</style>
</head>
<body>
<h1>Drillhall</h1>
<p>Incident simulation and game-day training. The web app is not built on this server yet; the API
is live. See <a href="/api/scenarios">/api/scenarios</a> and <a href="/healthz">/healthz</a>.</p>
<h2>Scenarios</h2>
<ul>${rows}</ul>
<h2>Run a drill with curl</h2>
<pre>
# 1. create a drill (keep the facilitator token and the join code)
curl -s -X POST ${origin}/api/drills -H 'Content-Type: application/json' \\
  -d '{"scenarioId":"${first}"}'

# 2. a trainee joins with the join code
curl -s -X POST ${origin}/api/drills/DRILL_ID/participants -H 'Content-Type: application/json' \\
  -d '{"joinCode":"JOIN_CODE","name":"Ada","role":"commander"}'

# 3. the facilitator starts the clock at 60x
curl -s -X POST ${origin}/api/drills/DRILL_ID/commands -H 'Authorization: Bearer FACILITATOR_TOKEN' \\
  -H 'Content-Type: application/json' -d '{"type":"start","speed":60}'

# 4. the trainee looks around and acts
curl -s ${origin}/api/drills/DRILL_ID -H 'Authorization: Bearer TRAINEE_TOKEN'
curl -s "${origin}/api/drills/DRILL_ID/logs?level=error,warn" -H 'Authorization: Bearer TRAINEE_TOKEN'
curl -s -X POST ${origin}/api/drills/DRILL_ID/commands -H 'Authorization: Bearer TRAINEE_TOKEN' \\
  -H 'Content-Type: application/json' -d '{"type":"declare_incident","severity":"SEV2"}'
</pre>
<p>Live events stream over a WebSocket at <code>/api/drills/DRILL_ID/live?token=TOKEN</code>; the full API is in docs/api.md.</p>
</body>
</html>`;
}
