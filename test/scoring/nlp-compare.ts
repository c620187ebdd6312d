/**
 * Which NLP library should the grader use? Measures each backend on the hand-labelled sentences
 * of test/fixtures/claims/ (is a mention asserted or denied; does a sentence blame a person) and
 * on the hand-ranked postmortem corpus (Spearman, as `npm run grade-eval` computes it), and the
 * time each takes. `npx tsx test/scoring/nlp-compare.ts [--json]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyse, blamedPerson, polarity } from '../../server/scoring/claims.js';
import { compromiseBackend } from '../../server/scoring/nlp/compromise.js';
import { useBackend } from '../../server/scoring/nlp/index.js';
import type { NlpBackend } from '../../server/scoring/nlp/types.js';
import { winkBackend } from './nlp-wink.js';
import { evaluate, loadCorpus } from './corpus.js';

const CLAIMS = fileURLToPath(new URL('../fixtures/claims/', import.meta.url));

interface PolarityCase { readonly text: string; readonly mention: string; readonly affirmed: boolean }
interface BlameCase { readonly text: string; readonly blames: boolean }

const read = <T>(f: string) => (JSON.parse(readFileSync(`${CLAIMS}${f}`, 'utf8')) as { cases: T[] }).cases;

/** Names the blame cases use, as a scenario would know them (responders and change authors). */
const KNOWN = ['Farida Haddad', 'Farida', 'Noor Rahman', 'Noor', 'Keiko', 'Kenji Sato', 'Kenji', 'Dani Moreau'];

export interface BackendFigures {
  readonly backend: string;
  readonly polarity: { readonly right: number; readonly of: number; readonly wrong: readonly string[] };
  readonly blame: { readonly right: number; readonly of: number; readonly wrong: readonly string[] };
  readonly corpus: { readonly mean: number; readonly min: number };
  readonly ms: number;
}

export function measure(b: NlpBackend): BackendFigures {
  useBackend(b);
  const t0 = performance.now();
  const pol = read<PolarityCase>('polarity.json').map((c) => {
    const s = analyse(c.text, b)[0]!;
    const at = c.text.toLowerCase().indexOf(c.mention.toLowerCase());
    const got = polarity(s, at) === 'affirmed';
    return { ok: got === c.affirmed, what: `"${c.mention}" in "${c.text}": ${got ? 'affirmed' : 'denied'}` };
  });
  const bl = read<BlameCase>('blame.json').map((c) => {
    const got = analyse(c.text, b).some((s) => blamedPerson(s, KNOWN, new Set(), b) !== undefined);
    return { ok: got === c.blames, what: `"${c.text}": ${got ? 'blames' : 'no blame'}` };
  });
  const results = loadCorpus().map(evaluate);
  const ms = performance.now() - t0;
  const rhos = results.map((r) => r.rho);
  return {
    backend: b.name,
    polarity: { right: pol.filter((x) => x.ok).length, of: pol.length, wrong: pol.filter((x) => !x.ok).map((x) => x.what) },
    blame: { right: bl.filter((x) => x.ok).length, of: bl.length, wrong: bl.filter((x) => !x.ok).map((x) => x.what) },
    corpus: { mean: rhos.reduce((a, x) => a + x, 0) / rhos.length, min: Math.min(...rhos) },
    ms: Math.round(ms),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = [compromiseBackend, winkBackend].map(measure);
  useBackend(compromiseBackend);
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
  else {
    for (const f of figures) {
      console.log(`${f.backend}: polarity ${f.polarity.right}/${f.polarity.of}, blame ${f.blame.right}/${f.blame.of}, corpus Spearman mean ${f.corpus.mean.toFixed(3)} (lowest ${f.corpus.min.toFixed(3)}), ${f.ms} ms`);
      for (const w of [...f.polarity.wrong, ...f.blame.wrong]) console.log(`  wrong: ${w}`);
    }
  }
}
