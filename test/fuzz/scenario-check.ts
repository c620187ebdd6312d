/**
 * One scenario fuzz case, judged: the loader must return a valid scenario or a list of
 * `file:line:col: message` problems, never throw; a scenario it accepts must run (the golden
 * script, logs, the alert rules) without throwing; and no prototype may change. Runs inside a
 * worker thread (scenario-worker.mjs) so a case that never returns can be cut off.
 */
import { parseScenario, type LoadResult } from '../../server/scenario/loader.js';
import { logsBetween } from '../../server/sim/logs.js';
import { runScript, scenarioScript } from '../../server/sim/runner.js';
import { pollution } from './config.js';

export type Verdict =
  | { readonly kind: 'valid'; readonly ms: number }
  | { readonly kind: 'refused'; readonly ms: number; readonly problems: number; readonly first: string; readonly unclear?: string }
  | { readonly kind: 'crash'; readonly ms: number; readonly where: 'loader' | 'engine'; readonly error: string }
  | { readonly kind: 'bad-result'; readonly ms: number; readonly why: string }
  | { readonly kind: 'polluted'; readonly ms: number; readonly why: string };

const FILE = 'fuzz.yaml';
/** Words that mean a message was built from a value that was not there. */
const UNCLEAR = /\bundefined\b|\[object Object\]|\bNaN\b|\[Function/;

function stack(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 8).join('\n') : String(err);
}

/** Is the loader's answer one of its two documented shapes, with usable positions? */
function badResult(r: LoadResult, text: string): string | undefined {
  if (r === null || typeof r !== 'object') return 'not an object';
  if (r.ok === true) {
    if (typeof r.hash !== 'string' || r.source !== text || typeof r.scenario !== 'object') return 'ok without scenario, hash and source';
    return undefined;
  }
  if (r.ok !== false || !Array.isArray(r.problems) || r.problems.length === 0) return 'refused without problems';
  const lines = text.split('\n').length;
  for (const p of r.problems) {
    if (p.file !== FILE) return `problem names file ${String(p.file)}`;
    if (!Number.isInteger(p.line) || p.line < 1 || p.line > lines + 1) return `problem line ${p.line} outside 1..${lines + 1}`;
    if (!Number.isInteger(p.col) || p.col < 1) return `problem column ${p.col}`;
    if (typeof p.message !== 'string' || p.message.trim() === '') return 'problem without a message';
  }
  return undefined;
}

/** Judge one case. Never throws. */
export function checkScenario(text: string): Verdict {
  const started = performance.now();
  const ms = () => performance.now() - started;
  let r: LoadResult;
  try {
    r = parseScenario(text, FILE);
  } catch (err) {
    return { kind: 'crash', ms: ms(), where: 'loader', error: stack(err) };
  }
  const polluted = pollution();
  if (polluted) return { kind: 'polluted', ms: ms(), why: polluted };
  const bad = badResult(r, text);
  if (bad) return { kind: 'bad-result', ms: ms(), why: bad };
  if (!r.ok) {
    const unclear = r.problems.find((p) => UNCLEAR.test(p.message));
    return { kind: 'refused', ms: ms(), problems: r.problems.length, first: r.problems[0]!.message, ...(unclear ? { unclear: unclear.message } : {}) };
  }
  try {
    const s = r.scenario;
    const until = Math.min(s.duration, 3600);
    const run = runScript(s, 'fuzz', scenarioScript(s, 'golden'), until);
    logsBetween(s, 'fuzz', run.drill.faults, Math.max(0, until - 600), until, { limit: 200 });
  } catch (err) {
    return { kind: 'crash', ms: ms(), where: 'engine', error: stack(err) };
  }
  const after = pollution();
  if (after) return { kind: 'polluted', ms: ms(), why: after };
  return { kind: 'valid', ms: ms() };
}
