/**
 * The grader's natural-language backend. Both implement the same interface; compromise is the
 * default because it did better on the hand-labelled sentences and the postmortem corpus
 * (test/scoring/nlp-compare.ts prints the figures; README "Postmortem grading" quotes them).
 */
import { compromiseBackend } from './compromise.js';
import type { NlpBackend } from './types.js';

export type { NlpBackend } from './types.js';

let current: NlpBackend = compromiseBackend;

/** The backend the grader uses. */
export function nlp(): NlpBackend {
  return current;
}

/** Use another backend (the comparison script measures each in turn). */
export function useBackend(b: NlpBackend): void {
  current = b;
}
