/**
 * `npm run soak`: the crash-and-restart soak (soak.ts) with at least 50 SIGKILLs, bounded in time.
 *   npm run soak -- --kills 80 --seconds 900 --seed 7
 * Prints progress and the counts; exits 1 on the first broken promise (the data is kept).
 */
import { parseArgs } from 'node:util';
import { runSoak } from './soak.js';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '50' }, seconds: { type: 'string', default: '900' }, seed: { type: 'string' }, quiet: { type: 'boolean', default: false } } });
const kills = Number(values.kills);
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
console.log(`soak: up to ${kills} kills in ${values.seconds} s, seed ${seed}`);
try {
  const r = await runSoak({ kills, seed, maxSeconds: Number(values.seconds), ...(values.quiet ? {} : { log: (l: string) => console.log(`  ${l}`) }) });
  console.log(`soak: ${r.kills} SIGKILLs survived, ${r.restarts} restarts checked (${r.checks} drill checks: journal, events, clock, replay) in ${r.seconds} s`);
  console.log(`soak: ${r.drills} drills (${r.drillsFinished} finished their golden script), ${r.acked} commands acknowledged, ${r.refused} refused by the rules, ${r.eventsSeen} events seen live`);
  console.log(`soak: ${r.inFlightAtKill} commands were in flight at a kill; ${r.inFlightKept} of them had reached the disk`);
  if (r.kills < kills) {
    console.log(`soak: stopped at the time limit with ${r.kills} of ${kills} kills`);
    process.exitCode = 1;
  }
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}
