// Runs one reproduction from repros.ts in a thread of its own (see known-bugs.test.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./repros.ts');
try {
  parentPort.postMessage({ ok: true, value: run(workerData.name) });
} catch (err) {
  parentPort.postMessage({ ok: false, error: err instanceof Error ? err.stack : String(err) });
}
