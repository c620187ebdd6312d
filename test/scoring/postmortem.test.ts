import { describe, expect, it } from 'vitest';
import { formatClock } from '../../server/scenario/duration.js';
import { Postmortem, trivialReason, type PostmortemInput } from '../../server/scoring/postmortem.js';
import { scoreDrill } from '../../server/scoring/score.js';
import type { ScoreItem } from '../../server/scoring/types.js';
import { checkout, checkoutGolden, CHECKOUT_POSTMORTEM } from './fixtures.js';

const golden = checkoutGolden();

/** Grade a variant of the good postmortem and return one of its items by id. */
function graded(change: Partial<PostmortemInput>, id: string): ScoreItem {
  const r = scoreDrill(checkout, golden.drill, Postmortem.parse({ ...CHECKOUT_POSTMORTEM, ...change }));
  const it = r.phases.flatMap((p) => p.items).find((i) => i.id === id);
  if (!it) throw new Error(`no item ${id}`);
  return it;
}
const full = (i: ScoreItem) => expect(i.earned).toBe(i.possible);

describe('the postmortem schema', () => {
  it('fills defaults and accepts lists as bullet text or arrays', () => {
    const pm = Postmortem.parse({ summary: 'x', contributing_factors: '- one thing\n* another\n1. third' });
    expect(pm.contributing_factors).toEqual(['one thing', 'another', 'third']);
    expect(pm.action_items).toEqual([]);
    expect(pm.impact).toEqual({ description: '', duration: '', users_affected: '' });
    expect(Postmortem.parse(pm)).toEqual(pm);
  });

  it('refuses unknown fields and bad priorities or types', () => {
    expect(Postmortem.safeParse({ sumary: 'typo' }).success).toBe(false);
    expect(Postmortem.safeParse({ action_items: [{ title: 'x', priority: 'P5' }] }).success).toBe(false);
    expect(Postmortem.safeParse({ action_items: [{ title: 'x', type: 'blame' }] }).success).toBe(false);
  });
});

describe('required sections', () => {
  it('gives full credit when every section says something', () => full(graded({}, 'postmortem.sections')));

  it('names the sections that are empty, "n/a" or too short', () => {
    const i = graded({ where_we_got_lucky: ['n/a'], trigger: '', detection: 'Alerts.' }, 'postmortem.sections');
    expect(i.earned).toBeLessThan(i.possible);
    expect(i.explanation).toBe('3 of 12 sections are missing or too thin: trigger (empty), detection (only 1 word) and where we got lucky ("n/a").');
  });

  it('treats placeholders as trivial', () => {
    for (const t of ['', 'N/A', 'none.', 'TBD', 'see above', 'two words']) expect(trivialReason(t)).toBeDefined();
    expect(trivialReason('The pool was too small.')).toBeUndefined();
  });
});

describe('root cause concepts', () => {
  it('matches synonyms after normalising case, punctuation and endings', () => {
    const i = graded({ root_cause: 'HikariCP POOLS were exhausted; requests queued.', trigger: 'A Configuration-Change from the cost review.' }, 'postmortem.root_cause');
    full(i);
    expect(i.explanation).toMatch(/"connection pool" \(as "hikari"\)/);
    expect(i.explanation).toMatch(/"config change" \(as "configuration change"\)/);
  });

  it('names the concepts that are missing', () => {
    const i = graded({ root_cause: 'The database was slow under load.', trigger: 'A deploy of v2.4.0.' }, 'postmortem.root_cause');
    expect(i.earned).toBe(0);
    expect(i.explanation).toBe('Root cause and trigger do not name "connection pool" and "config change" or a synonym.');
  });
});

describe('timeline against the drill', () => {
  it('accepts entries within two minutes of a real event that name it', () => {
    full(graded({}, 'postmortem.timeline_accuracy'));
    full(graded({}, 'postmortem.timeline_coverage'));
    full(graded({ timeline: [{ t: 600 + 110, text: 'CheckoutHighLatency acked' }, { t: 630, text: 'declared SEV2' }, { t: 900, text: 'rollback done' }] }, 'postmortem.timeline_accuracy'));
  });

  it('refuses entries at the wrong time or naming something else', () => {
    const i = graded({
      timeline: [{ t: 600, text: 'Acknowledged the latency page' }, { t: 1200, text: 'Incident declared' }, { t: 660, text: 'Restarted orders-db' }],
    }, 'postmortem.timeline_accuracy');
    expect(i.earned).toBeCloseTo(i.possible / 3, 1);
    expect(i.notes).toEqual([
      'Entry at T+00:20:00 ("Incident declared") matches no drill event within 2m.',
      'Entry at T+00:11:00 ("Restarted orders-db") matches no drill event within 2m.',
    ]);
  });

  it('asks for the key moments: trigger, first alert, declaration, fix and resolution', () => {
    const i = graded({ timeline: [{ t: 630, text: 'Incident declared as SEV2' }, { t: 840, text: 'Started config rollback' }] }, 'postmortem.timeline_coverage');
    expect(i.earned).toBeCloseTo((i.possible * 2) / 5, 1);
    expect(i.explanation).toBe(`The timeline does not show the triggering change (at T+00:04:00), the first alert firing (at T+00:06:00) and the resolution (at ${formatClock(golden.drill.incident.resolvedAt!)}).`);
  });
});

describe('impact', () => {
  it('accepts numbers within a factor of two of the drill\'s own', () => {
    full(graded({}, 'postmortem.impact'));
    full(graded({ impact: { description: 'About 2k orders failed.', duration: '12 min', users_affected: '' } }, 'postmortem.impact'));
  });

  it('gives little for numbers far off, nothing for none', () => {
    const far = graded({ impact: { description: 'A few failures.', duration: '3 hours', users_affected: '20 users' } }, 'postmortem.impact');
    expect(far.earned).toBeCloseTo(far.possible / 4, 1);
    expect(far.explanation).toMatch(/^Duration 3h is more than 2x off the drill's 9m or \d+m(\d\ds)?; no number given is within 2x of the drill's failed requests, \d+ \(all services\) or \d+ \(checkout\)\.$/);
    const none = graded({ impact: { description: 'Checkout was degraded for a while.', duration: 'a while', users_affected: 'many' } }, 'postmortem.impact');
    expect(none.earned).toBe(0);
  });
});

describe('blameless language', () => {
  it('passes a postmortem that describes the system', () => full(graded({}, 'postmortem.blameless')));

  it('flags blame with a suggested rewording for each phrase', () => {
    const i = graded({
      root_cause: 'Human error: ana forgot to check the pool size.',
      what_went_wrong: ['Priya should have known about the change.'],
    }, 'postmortem.blameless');
    expect(i.earned).toBe(0);
    expect(i.notes).toHaveLength(3);
    expect(i.notes!.join('\n')).toMatch(/root_cause: "Human error"\. Replace "human error"/);
    expect(i.notes!.join('\n')).toMatch(/root_cause: "ana forgot"\. Describe the action and its context/);
    expect(i.notes!.join('\n')).toMatch(/what_went_wrong\[0\]: "Priya should have".*Describe the action/);
  });
});

describe('follow-up (action items)', () => {
  it('gives full credit to owned, prioritised, typed, due, specific items covering the key', () => {
    const r = scoreDrill(checkout, golden.drill, Postmortem.parse(CHECKOUT_POSTMORTEM));
    const fu = r.phases.find((p) => p.phase === 'follow_up')!;
    expect(fu.earned).toBe(fu.possible);
  });

  it('refuses vague items and names why', () => {
    const items = [
      { title: 'Be more careful with config', owner: 'payments', priority: 'P2' as const, type: 'process' as const, due: '2w' },
      { title: 'Improve monitoring', owner: 'payments', priority: 'P2' as const, type: 'detection' as const, due: '2w' },
      { title: 'Communicate better during incidents with everyone', owner: 'ic', priority: 'P3' as const, type: 'process' as const, due: '2w' },
    ];
    const i = graded({ action_items: items }, 'follow_up.specific');
    expect(i.earned).toBe(0);
    expect(i.notes).toEqual([
      'Refused item 1 ("Be more careful with config"): vague ("be more careful"): name the alert, check, config or document that will change.',
      'Refused item 2 ("Improve monitoring"): too short to say what will change (2 words; at least 4).',
      'Refused item 3 ("Communicate better during incidents with everyone"): vague ("communicate better"): name the alert, check, config or document that will change.',
    ]);
    expect(graded({ action_items: items }, 'follow_up.categories').explanation).toBe('No specific action item of type detection, prevention and process; the key expects detection, prevention and process.');
  });

  it('counts missing owners, priorities and due dates', () => {
    const items = [{ title: 'Alert on db_pool_pending_threads above 5 for 2m', owner: '', due: 'soon' }];
    expect(graded({ action_items: items }, 'follow_up.owned').earned).toBe(0);
    expect(graded({ action_items: items }, 'follow_up.triaged').earned).toBe(0);
    expect(graded({ action_items: items }, 'follow_up.due').explanation).toMatch(/lack a due date/);
    full(graded({ action_items: items }, 'follow_up.specific'));
  });
});
