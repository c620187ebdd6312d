// A worker thread that judges scenario fuzz cases (scenario-check.ts), so the test can cut off a
// case that never returns. Plain JavaScript: it registers the TypeScript loader, as bin/drillhall.js does.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { checkScenario } = await import('./scenario-check.ts');
parentPort.on('message', ({ text }) => parentPort.postMessage({ verdict: checkScenario(text) }));
parentPort.postMessage({ ready: true });
