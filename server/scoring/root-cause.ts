/**
 * The postmortem's root cause, read as claims: the key's concepts earn credit when the root-cause
 * or trigger section asserts them in a statement of the team's own (half when only in text
 * copied from what trainees could read), nothing when it denies or dismisses them ("not the
 * certificate"). Naming one of the scenario's red herrings as the cause loses the whole item, and
 * the report says which.
 */
import type { Scenario } from '../scenario/schema.js';
import { analyse, causalRole, mentions, polarity, type Polarity } from './claims.js';
import { list, type Criterion } from './credit.js';
import type { ConceptMatch } from './text.js';
import { says, type Judged, type Writing } from './writing.js';

export type RedHerring = Scenario['expected']['red_herrings'][number];

/** How a red herring is named: its synonyms, its change's id and version, its alert's name. */
export function herringNames(s: Scenario, h: RedHerring): string[] {
  const change = h.change !== undefined ? s.changes.find((c) => c.id === h.change) : undefined;
  return [...h.synonyms, ...(change ? [change.id, ...(change.version && change.version.length >= 4 ? [`${change.service} ${change.version}`] : [])] : []), ...(h.alert ? [h.alert] : [])];
}

interface Mention { readonly sentence: Judged; readonly at: number; readonly synonym: string; readonly polarity: Polarity }

function mentionsIn(sentences: readonly Judged[], synonyms: readonly string[]): Mention[] {
  const out: Mention[] = [];
  for (const sentence of sentences) {
    for (const synonym of synonyms) {
      for (const at of mentions(sentence.text, synonym)) out.push({ sentence, at, synonym, polarity: polarity(sentence, at) });
    }
  }
  return out;
}

/**
 * Does the text name this red herring as the cause? An asserted mention that stands on the
 * cause side of a causal claim that is not itself denied ("the v5.2.0 deploy caused", "because
 * of the broker restart"), or, in a sentence with no causal claim, is its subject; or any
 * asserted mention in a trigger that makes no claim at all ("Rollout of loyalty-svc v5.2.0").
 */
function namedAsCause(m: Mention, section: 'root_cause' | 'trigger'): boolean {
  if (m.polarity !== 'affirmed') return false;
  const role = causalRole(m.sentence, m.at);
  if (role.side !== undefined) return role.side === 'cause' && !role.denied;
  if (section === 'trigger') return true;
  const firstVerb = m.sentence.words.find((w) => w.verb);
  return firstVerb === undefined || m.at < firstVerb.start;
}

export interface CauseVerdict {
  readonly criterion: Criterion;
  /** the red herring the postmortem names as its cause, if it does */
  readonly herring?: { readonly herring: RedHerring; readonly as: string };
}

/** Criterion: root cause and trigger assert the key's concepts, and name no red herring as the cause. */
export function rootCauseCriterion(s: Scenario, w: Writing): CauseVerdict {
  const base = { id: 'root_cause', label: 'Root cause matches the key', share: 0.25 };
  const bySection = (field: string) => w.sections.find((x) => x.field === field)?.sentences ?? [];
  const rc = bySection('root_cause');
  const tr = bySection('trigger');
  for (const h of s.expected.red_herrings) {
    const names = herringNames(s, h);
    const hit = [...mentionsIn(rc, names).filter((m) => namedAsCause(m, 'root_cause')), ...mentionsIn(tr, names).filter((m) => namedAsCause(m, 'trigger'))][0];
    if (hit) {
      return {
        herring: { herring: h, as: hit.synonym },
        criterion: { ...base, fraction: 0, explanation: `The root cause names ${h.description} ("${hit.synonym}") as the cause; it is a red herring, so the root cause earns nothing.` },
      };
    }
  }
  const groups = s.expected.root_cause;
  const sentences = [...rc, ...tr];
  const elsewhere = w.sections.filter((x) => x.field !== 'root_cause' && x.field !== 'trigger');
  const verdicts = groups.map((g) => {
    const ms = mentionsIn(sentences, g);
    const asserted = ms.filter((m) => m.polarity === 'affirmed');
    const own = asserted.find((m) => says(m.sentence) && !m.sentence.copiedFrom);
    const copied = asserted.find((m) => says(m.sentence) && m.sentence.copiedFrom);
    const denied = ms.find((m) => m.polarity !== 'affirmed');
    const listed = asserted[0];
    const concept = `"${g[0]}"`;
    if (own) return { credit: 1, note: `${concept}${own.synonym !== g[0] ? ` (as "${own.synonym}")` : ''}` };
    if (copied) return { credit: 0.5, note: `${concept} only in text copied from ${copied.sentence.copiedFrom} (half credit)` };
    if (denied) return { credit: 0, note: `${concept} only ${denied.polarity === 'negated' ? 'denied' : 'dismissed'} ("${snippet(denied)}")` };
    if (listed) return { credit: 0, note: `${concept} only in a list of terms, not a statement` };
    const other = elsewhere.find((x) => mentionsIn(x.sentences, g).some((m) => m.polarity === 'affirmed'));
    if (other) return { credit: 0, note: `${concept} in the ${other.name} but not in the root cause or trigger` };
    return { credit: 0, note: `no mention of ${concept} or a synonym` };
  });
  const fraction = verdicts.reduce((a, v) => a + v.credit, 0) / groups.length;
  const named = verdicts.filter((v) => v.credit === 1).map((v) => v.note);
  const missing = verdicts.filter((v) => v.credit < 1).map((v) => v.note);
  const explanation = missing.length === 0
    ? `Root cause and trigger state every key concept: ${list(named)}.`
    : `Root cause and trigger ${named.length > 0 ? `state ${list(named)}, but` : 'do not state the key\'s concepts:'} ${list(missing)}.`;
  return { criterion: { ...base, fraction, explanation } };
}

/** A few words around a mention, for quoting it back. */
function snippet(m: Mention): string {
  const t = m.sentence.text;
  const from = Math.max(0, t.lastIndexOf(' ', Math.max(0, m.at - 25)) + 1);
  const to = t.indexOf(' ', Math.min(t.length, m.at + m.synonym.length + 25));
  return `${from > 0 ? '…' : ''}${t.slice(from, to < 0 ? t.length : to).trim()}${to >= 0 && to < t.length ? '…' : ''}`;
}

/**
 * Which of the key's concepts a text asserts: a mention that is denied or dismissed ("not the
 * pool", "the cache alert was noise") does not count. Used for a drill's hypotheses.
 * @example affirmedConcepts('Not the pool: the config change did it', [['pool'], ['config change']]) // pool unmatched
 */
export function affirmedConcepts(text: string, groups: readonly (readonly string[])[]): ConceptMatch[] {
  const sentences = analyse(text);
  return groups.map((g) => {
    for (const syn of g) {
      for (const st of sentences) {
        if (mentions(st.text, syn).some((at) => polarity(st, at) === 'affirmed')) return { concept: g[0] ?? '', matched: syn };
      }
    }
    return { concept: g[0] ?? '' };
  });
}
