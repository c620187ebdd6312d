/**
 * What trainees could read during the drill, for telling a postmortem's own words from text
 * copied out of it: the briefing and scenario card, runbooks, the change history, responders'
 * answers, stakeholder messages, alert summaries and action outcomes. Indexed as word 4-grams
 * (after the responders' normaliser), each remembering where it came from, so a copied sentence
 * can be named: "copied from the runbook Internal gateway certificates".
 */
import type { Scenario } from '../scenario/schema.js';
import type { Simulation } from '../sim/engine.js';
import { normalise } from '../sim/responders.js';

/** Word n-grams of this length are the unit of comparison. */
export const SHINGLE = 4;

/** A sentence counts as copied when at least this share of its 4-grams are in the material. */
export const COPIED_SHARE = 0.6;
/**
 * A short sentence must match almost whole: a trigger that states the facts ("flush_all on all
 * six memcached nodes at 14:04") shares words with the answer that gave them, and is not a copy.
 */
export const SHORT_COPY = { grams: 8, share: 0.9 } as const;

/** Is this text copied: enough of it, and of a short text nearly all of it, in the material. */
export function isCopied(text: string, m: Shingles): { copied: boolean; source?: string } {
  const c = copiedShare(text, m);
  const grams = Math.max(0, wordsOf(text).length - SHINGLE + 1);
  const copied = c.share >= (grams < SHORT_COPY.grams ? SHORT_COPY.share : COPIED_SHARE);
  return { copied, ...(c.source !== undefined ? { source: c.source } : {}) };
}

export type Shingles = Map<string, string>;

/** Normalised words of a text, keeping numbers and versions. */
export function wordsOf(text: string): string[] {
  return normalise(text.replace(/\{\{.*?\}\}/gs, ' '));
}

/** Every 4-gram of a text, with its source label (the first source wins). */
export function addShingles(into: Shingles, text: string, source: string): void {
  const w = wordsOf(text);
  for (let i = 0; i + SHINGLE <= w.length; i++) {
    const k = w.slice(i, i + SHINGLE).join(' ');
    if (!into.has(k)) into.set(k, source);
  }
}

/**
 * The material of a scenario and of one drill of it. Templates ({{ query ... }}) contribute
 * their fixed words; the drill adds what was rendered (answers, messages, alert summaries).
 */
export function readingMaterial(s: Scenario, drill: Simulation): Shingles {
  const m: Shingles = new Map();
  addShingles(m, `${s.title}. ${s.summary}`, 'the scenario summary');
  addShingles(m, s.briefing, 'the briefing');
  s.skills.forEach((x) => addShingles(m, x, 'the scenario card'));
  for (const r of s.runbooks) addShingles(m, `${r.title}\n${r.body}`, `the runbook "${r.title}"`);
  for (const c of s.changes) addShingles(m, `${c.summary}\n${c.diff ?? ''}`, `change ${c.id}`);
  for (const t of Object.values(s.teams)) {
    const who = t.responders[0]?.name ?? t.name;
    for (const k of t.knowledge) addShingles(m, k.answer, `${who}'s answer`);
    addShingles(m, t.fallback, `${who}'s answer`);
  }
  for (const i of s.injects) addShingles(m, i.text, `the message from ${i.from}`);
  for (const a of s.alerts) for (const v of Object.values(a.annotations)) addShingles(m, v, `the ${a.alert} alert`);
  for (const a of s.actions) addShingles(m, a.outcome, `the outcome of "${a.label}"`);
  for (const svc of Object.values(s.services)) addShingles(m, svc.description, 'the service map');
  for (const e of drill.events) {
    if (e.type === 'answer') addShingles(m, e.text, `${e.responder}'s answer`);
    else if (e.type === 'inject') addShingles(m, e.text, `the message from ${e.from}`);
    else if (e.type === 'alert_firing') for (const v of Object.values(e.annotations)) addShingles(m, v, `the ${e.alert} alert`);
    else if (e.type === 'team_joined') addShingles(m, e.text, 'a responder joining');
  }
  return m;
}

/** How much of a text is copied: the share of its 4-grams in the material, and the main source. */
export function copiedShare(text: string, m: Shingles): { share: number; source?: string } {
  const w = wordsOf(text);
  if (w.length < SHINGLE) return { share: 0 };
  const counts = new Map<string, number>();
  let hits = 0;
  const total = w.length - SHINGLE + 1;
  for (let i = 0; i < total; i++) {
    const src = m.get(w.slice(i, i + SHINGLE).join(' '));
    if (src !== undefined) { hits++; counts.set(src, (counts.get(src) ?? 0) + 1); }
  }
  const source = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { share: hits / total, ...(source !== undefined ? { source } : {}) };
}
