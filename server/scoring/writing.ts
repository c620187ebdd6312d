/**
 * What a postmortem's authors wrote themselves. Every section is cut into sentences (or list
 * items) and each is judged: a statement (four words or more) or a list of terms;
 * the team's own words, copied from what trainees could read (material.ts), or the same text as
 * an earlier section. Sections earn credit only for the team's own statements, and so does
 * blameless language: a one-line postmortem cannot be blameless in full.
 */
import { analyse, STATEMENT_WORDS, type Analysed } from './claims.js';
import { addShingles, isCopied, type Shingles } from './material.js';
import type { Postmortem } from './postmortem-schema.js';
import { wordCount } from './text.js';

/** How one sentence of the postmortem counts. */
export interface Judged extends Analysed {
  /** the material it was copied from, when it was */
  readonly copiedFrom?: string;
  /** the earlier section it repeats, when it does */
  readonly repeats?: string;
  /** the team's own statement: counts for section credit */
  readonly own: boolean;
}

export interface SectionText {
  readonly name: string;
  /** what was written, list items one a line */
  readonly raw: string;
  /** the postmortem field, for notes: "root_cause", "contributing_factors" */
  readonly field: string;
  readonly sentences: readonly Judged[];
  /** words in the team's own statements */
  readonly ownWords: number;
}

export interface Writing {
  readonly sections: readonly SectionText[];
  readonly ownWords: number;
}

/** The text sections in the template's order; list sections are judged item by item. */
function texts(pm: Postmortem): { name: string; field: string; parts: readonly string[] }[] {
  return [
    { name: 'summary', field: 'summary', parts: [pm.summary] },
    { name: 'impact', field: 'impact', parts: [pm.impact.description] },
    { name: 'root cause', field: 'root_cause', parts: [pm.root_cause] },
    { name: 'trigger', field: 'trigger', parts: [pm.trigger] },
    { name: 'contributing factors', field: 'contributing_factors', parts: pm.contributing_factors },
    { name: 'detection', field: 'detection', parts: [pm.detection] },
    { name: 'resolution', field: 'resolution', parts: [pm.resolution] },
    { name: 'what went well', field: 'what_went_well', parts: pm.what_went_well },
    { name: 'what went wrong', field: 'what_went_wrong', parts: pm.what_went_wrong },
    { name: 'where we got lucky', field: 'where_we_got_lucky', parts: pm.where_we_got_lucky },
  ];
}

/** Answers that fill a section without saying anything. */
const TRIVIAL = new Set(['n/a', 'na', 'none', 'nothing', 'tbd', 'todo', 'to do', '-', '--', '...', '?', 'see above', 'same as above', 'unknown', 'nil', 'null', 'xxx', 'lorem ipsum', 'no']);
/** A section needs at least this many words to count as written. */
export const MIN_SECTION_WORDS = 3;

/** Why a short answer does not count as written ("n/a", two words), or undefined when it might. */
export function trivialReason(text: string): string | undefined {
  const t = text.trim();
  if (t.length === 0) return 'empty';
  if (TRIVIAL.has(t.toLowerCase().replace(/[.!]+$/, ''))) return `"${t}"`;
  if (wordCount(t) < MIN_SECTION_WORDS) return `only ${wordCount(t)} word${wordCount(t) === 1 ? '' : 's'}`;
  return undefined;
}

/**
 * A sentence says something: four words or more that are not a list of terms, with or without a
 * verb (a trigger is often "Rollout of loyalty-svc v5.2.0 at 14:02", a bullet "No alert on the
 * pool's pending threads").
 */
export function says(s: Analysed): boolean {
  return !s.list && s.words.length >= STATEMENT_WORDS;
}

/**
 * Judge every sentence of the postmortem against the reading material and the sections before
 * it. Deterministic: the same postmortem and drill give the same judgement.
 */
export function judgeWriting(pm: Postmortem, material: Shingles): Writing {
  const seen: Shingles = new Map();
  const sections: SectionText[] = texts(pm).map((t) => {
    const sentences: Judged[] = [];
    for (const part of t.parts) {
      for (const s of analyse(part)) {
        const copied = isCopied(s.text, material);
        const again = isCopied(s.text, seen);
        const copiedFrom = copied.copied ? copied.source : undefined;
        const repeats = copiedFrom === undefined && again.copied ? again.source : undefined;
        sentences.push({ ...s, ...(copiedFrom ? { copiedFrom } : {}), ...(repeats ? { repeats } : {}), own: says(s) && !copiedFrom && !repeats });
      }
      addShingles(seen, part, `the ${t.name}`);
    }
    const ownWords = sentences.filter((x) => x.own).reduce((n, x) => n + wordCount(x.text), 0);
    return { name: t.name, raw: t.parts.join('\n'), field: t.field, sentences, ownWords };
  });
  return { sections, ownWords: sections.reduce((n, s) => n + s.ownWords, 0) };
}

/** Why a section earns nothing, or undefined when it has a statement of the team's own. */
export function sectionProblem(s: SectionText): string | undefined {
  if (s.sentences.some((x) => x.own)) return undefined;
  if (s.sentences.length === 0) return 'empty';
  const trivial = trivialReason(s.raw);
  if (trivial) return trivial;
  const copied = s.sentences.find((x) => x.copiedFrom);
  if (copied) return `copied from ${copied.copiedFrom}`;
  const repeated = s.sentences.find((x) => x.repeats);
  if (repeated) return `repeats ${repeated.repeats}`;
  if (s.sentences.some((x) => x.list)) return 'a list of terms, not sentences';
  const n = s.sentences.reduce((k, x) => k + wordCount(x.text), 0);
  return `only ${n} word${n === 1 ? '' : 's'}`;
}
