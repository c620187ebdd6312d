/**
 * Reading claims (server/scoring/claims.ts) on the hand-labelled sentences of
 * test/fixtures/claims/: whether a mention is asserted or denied, and whether a sentence blames
 * a person. test/scoring/nlp-compare.ts measures both NLP backends on the same sentences.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyse, blamedPerson, causalRole, isTermList, mentions, polarity } from '../../server/scoring/claims.js';
import { nlp } from '../../server/scoring/nlp/index.js';

const dir = fileURLToPath(new URL('../fixtures/claims/', import.meta.url));
const cases = <T>(f: string) => (JSON.parse(readFileSync(`${dir}${f}`, 'utf8')) as { cases: T[] }).cases;

describe('asserted or denied', () => {
  const labelled = cases<{ text: string; mention: string; affirmed: boolean }>('polarity.json');
  it(`reads at least 30 of the ${labelled.length} labelled mentions right`, () => {
    const wrong = labelled.filter((c) => {
      const s = analyse(c.text)[0]!;
      const at = c.text.toLowerCase().indexOf(c.mention.toLowerCase());
      return (polarity(s, at) === 'affirmed') !== c.affirmed;
    }).map((c) => `${c.mention} in "${c.text}"`);
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(labelled.length - 30);
  });

  it('tells the cause side of a claim from the effect side, and a denied claim', () => {
    const [s] = analyse('The pool change caused the timeouts.');
    expect(causalRole(s!, s!.text.indexOf('pool')).side).toBe('cause');
    expect(causalRole(s!, s!.text.indexOf('timeouts')).side).toBe('effect');
    const [b] = analyse('Timeouts rose because of the broker restart.');
    expect(causalRole(b!, b!.text.indexOf('broker')).side).toBe('cause');
    const [d] = analyse('The v5.14.0 deploy did not cause the NXDOMAIN answers.');
    expect(causalRole(d!, 0)).toEqual({ side: 'cause', denied: true });
  });

  it('finds mentions by normalised words and by squashed letters', () => {
    expect(mentions('Connection pools EXHAUSTED quickly', 'connection pool exhausted')).toEqual([0]);
    expect(mentions('set maximumPoolSize to 10', 'maximum pool size')).toEqual([4]);
    expect(mentions('a spool of thread', 'pool')).toEqual([]);
  });
});

describe('statements and lists of terms', () => {
  it.each([
    ['certificate, expired, x509, gw-a, envoy, failover, vault pki', true],
    ['SEV2 DNS NXDOMAIN CoreDNS forward config change Terraform PR 4821 NET-512 geo-router routing-db no such host', true],
    ['At 14:04, the certificate expired, clients failed, and payments stopped.', false],
    ["Checkout's pool was cut from 50 to 10, so requests queued, waited up to 30s and failed.", false],
  ])('%s: list %s', (text, list) => {
    const words = nlp().words(text);
    expect(isTermList(text, words)).toBe(list);
  });
});

describe('blame', () => {
  const labelled = cases<{ text: string; blames: boolean }>('blame.json');
  const known = ['Farida Haddad', 'Farida', 'Noor Rahman', 'Noor', 'Keiko', 'Kenji Sato', 'Kenji', 'Dani Moreau'];
  it(`reads at least 21 of the ${labelled.length} labelled sentences right`, () => {
    const wrong = labelled.filter((c) => analyse(c.text).some((s) => blamedPerson(s, known) !== undefined) !== c.blames).map((c) => c.text);
    expect(wrong.length, wrong.join('\n')).toBeLessThanOrEqual(labelled.length - 21);
  });

  it('names the person it blames', () => {
    const [s] = analyse('Tomasz approved the PR without reading it properly.');
    expect(blamedPerson(s!, [])).toBe('Tomasz');
    const [t] = analyse('Terraform ignored the lock file.');
    expect(blamedPerson(t!, [], new Set(['terraform']))).toBeUndefined();
  });
});

describe('what the out-of-sample review caught', () => {
  it('reads a missing safeguard or a mention that carries its own "no" as asserted', () => {
    const [a] = analyse('listing-cache has no request coalescing, so every miss went to listing-db.');
    const at = a!.text.indexOf('request coalescing');
    expect(polarity(a!, at)).toBe('affirmed');
    const [b] = analyse('Journal appends failed with No space left on device.');
    const bt = b!.text.indexOf('No space');
    expect(polarity(b!, bt)).toBe('affirmed');
    const [c] = analyse('It was not the connection pool.');
    const ct = c!.text.indexOf('connection pool');
    expect(polarity(c!, ct)).toBe('negated');
  });

  it('finds a two-word concept with a linking verb between its words', () => {
    expect(mentions('The disk was full by 14:02.', 'disk full')).toEqual([4]);
    expect(mentions('The disk had room.', 'disk full')).toEqual([]);
  });

  it('does not take a label for a person, nor cache misses for an omission', () => {
    const [s] = analyse('Mitigation: turned on listing-cache.singleflight so concurrent misses share one database read.');
    expect(blamedPerson(s!, [])).toBeUndefined();
  });

  it('reads a terse action that starts with its verb as an action, not a list', () => {
    const text = 'Make log-level overrides expire after 30 minutes unless renewed';
    expect(isTermList(text, nlp().words(text))).toBe(false);
  });
});
