/**
 * Support for the after-the-drill tests: play checkout-db-pool's golden script through the API
 * (as a team would, at 60x on the fake clock), end the drill, and the postmortem a good team
 * writes about it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { call, command, runFor, type DrillSetup, type Harness } from '../drills/support.js';
import { EXAMPLE_FILE } from '../helpers/scenario.js';
import { CHECKOUT_POSTMORTEM } from '../scoring/fixtures.js';

export { CHECKOUT_POSTMORTEM };

interface Step { at: string; command: Record<string, unknown> }

const GOLDEN: Step[] = (parse(readFileSync(EXAMPLE_FILE, 'utf8')) as { scripts: { golden: Step[] } }).scripts.golden;

function seconds(at: string): number {
  const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(at)!;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** Start the drill and play the golden script with `token` (roles named "script" become `name`). */
export async function playGolden(h: Harness, d: DrillSetup, token: string, name: string): Promise<void> {
  await command(h.app, d, d.facilitator, { type: 'start', speed: 60 });
  let t = 0;
  for (const step of GOLDEN) {
    const at = seconds(step.at);
    if (at > t) { await runFor(h, at - t, 60); t = at; }
    const cmd = step.command.name === 'script' ? { ...step.command, name } : step.command;
    await command(h.app, d, token, cmd);
  }
  await runFor(h, 35 * 60 - t, 60);
}

export async function endDrill(h: Harness, d: DrillSetup): Promise<void> {
  await command(h.app, d, d.facilitator, { type: 'end' });
}

/** Submit the hand-written checkout postmortem and insist it is accepted. */
export async function submitGood(h: Harness, d: DrillSetup, token: string): Promise<any> {
  const r = await call(h.app, 'POST', `/api/drills/${d.id}/postmortem/submit`, { token, body: { postmortem: CHECKOUT_POSTMORTEM } });
  if (r.status !== 201) throw new Error(`submit: ${r.status} ${r.text}`);
  return r.body;
}
