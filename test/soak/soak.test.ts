/**
 * The crash-and-restart soak, small: 3 SIGKILLs at random points of a golden script run through
 * the HTTP API (`npm run soak` does 50 or more). See soak.ts for what is checked after each.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from './soak.js';

describe('the server killed with SIGKILL at random points of a running drill', () => {
  it('loses no acknowledged command and replays to exactly what it shows, every time', async () => {
    const seed = Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const r = await runSoak({ kills: 3, seed, maxSeconds: 150 });
    console.log(`soak (seed ${seed}): ${r.kills} kills, ${r.restarts} restarts, ${r.checks} drill checks, ${r.acked} commands acknowledged (${r.inFlightKept}/${r.inFlightAtKill} in flight kept), ${r.eventsSeen} events seen, ${r.seconds} s`);
    expect(r.kills).toBe(3);
    expect(r.checks).toBeGreaterThanOrEqual(1);
  }, 200_000);
});
