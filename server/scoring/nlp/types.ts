/**
 * What the postmortem grader asks of a natural-language library: sentences, the spans a
 * negation governs, whether a sentence has a verb, its grammatical subject, and person names.
 * compromise implements it (./compromise.ts), and so does wink-nlp in test/scoring/nlp-wink.ts;
 * test/scoring/nlp-compare.ts measures both on hand-labelled sentences and on the postmortem
 * corpus, and the better one is the grader's (see ./index.ts).
 */

/** A piece of text with its place in the text it came from: [start, end) in UTF-16 units. */
export interface Span { readonly start: number; readonly end: number }

export interface Sentence extends Span { readonly text: string }

/** One word as the backend tagged it. */
export interface Word extends Span {
  readonly text: string;
  /** a verb (finite or not, auxiliaries included) */
  readonly verb: boolean;
  /** part of a person's name */
  readonly person: boolean;
  /** a proper noun (capitalised name of something) */
  readonly proper: boolean;
}

export interface NlpBackend {
  readonly name: string;
  /** the text's sentences, in order */
  sentences(text: string): Sentence[];
  /** the words of one sentence (offsets relative to that sentence) */
  words(sentence: string): Word[];
  /** spans of one sentence that a negation governs ("not the certificate", "didn't check the dashboard") */
  negated(sentence: string): Span[];
  /** the sentence's subject, when the parser finds one: "Tomasz", "the root cause" */
  subject(sentence: string): string | undefined;
}
