/**
 * `npm run fuzz`: the fuzz suites at full size, one after the other: 10,000 scenario files,
 * 10,000 HTTP commands and 10,000 WebSocket messages (FUZZ_RUNS to change, FUZZ_SEED to replay).
 * Each suite prints its counts. `npm test` runs the same suites with 300 cases each.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const env: NodeJS.ProcessEnv = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000', FUZZ_CASE_MS: process.env.FUZZ_CASE_MS ?? '10000' };
if (env.FUZZ_SEED === undefined) env.FUZZ_SEED = String(Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: ${env.FUZZ_RUNS} cases per suite, seed ${env.FUZZ_SEED} (FUZZ_SEED=${env.FUZZ_SEED} replays this run)`);
const r = spawnSync(process.execPath, [vitest, '--run', '--no-file-parallelism', 'test/fuzz/scenarios.test.ts', 'test/fuzz/messages.test.ts', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exitCode = r.status ?? 1;
