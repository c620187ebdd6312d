import { describe, expect, it } from 'vitest';
import { formatClock } from '../../contract/duration.js';
import { Postmortem, trivialReason } from '../../server/scoring/postmortem.js';
import { type PostmortemInput } from '../../contract/postmortem.js';
import { scoreDrill } from '../../server/scoring/score.js';
import type { ScoreItem } from '../../server/scoring/types.js';
import { prefillTimeline } from '../../server/scoring/timeline.js';
import { impactNumbers } from '../../server/scoring/impact.js';
import { timelineAccuracy } from '../../server/scoring/timeline.js';
import { builtInScenarios, checkout, checkoutGolden, CHECKOUT_POSTMORTEM, runNamed } from './fixtures.js';

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
    expect(i.explanation).toBe('3 of 12 sections earn nothing: trigger (empty), detection (only 1 word) and where we got lucky ("n/a").');
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
    // The summary speaks of the config change; the root cause and trigger do not.
    expect(i.explanation).toBe('Root cause and trigger do not state the key\'s concepts: no mention of "connection pool" or a synonym and "config change" in the summary but not in the root cause or trigger.');
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
    expect(far.explanation).toMatch(/^Duration 3h is more than 2x off the drill's \(9m from the first alert to the fix, \d+m(\d\ds)? to the resolution, 12m of customer impact\); no number given is within 2x of the drill's failed requests, \d+ \(all services\) or \d+ \(checkout\)/);
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

/** Grade a whole postmortem (not a variant of the good one). */
function gradedAll(pm: PostmortemInput): ScoreItem[] {
  return scoreDrill(checkout, golden.drill, Postmortem.parse(pm)).phases.flatMap((p) => p.items);
}
const itemOf = (items: ScoreItem[], id: string) => items.find((i) => i.id === id)!;

describe('claims, not words', () => {
  it('gives nothing for a concept that is denied or dismissed', () => {
    const denied = graded({ root_cause: 'It was not the connection pool; the pool alert was noise and the config change was unrelated.', trigger: 'Unknown at this point, still looking.' }, 'postmortem.root_cause');
    expect(denied.earned).toBe(0);
    expect(denied.explanation).toMatch(/"connection pool" only denied/);
    expect(denied.explanation).toMatch(/"config change" only dismissed/);
  });

  it('loses the whole root-cause item, and most of the rest, for naming a red herring as the cause, and says which', () => {
    const wrong = {
      ...CHECKOUT_POSTMORTEM,
      root_cause: 'The checkout v2.4.0 deploy held a database connection for the whole receipt e-mail send, so the connection pool ran dry under load.',
      trigger: 'Rollout of checkout v2.4.0 (new receipt e-mail template).',
    };
    const items = gradedAll(wrong);
    expect(itemOf(items, 'postmortem.root_cause')).toMatchObject({ earned: 0 });
    expect(itemOf(items, 'postmortem.root_cause').explanation).toBe('The root cause names the checkout v2.4.0 deploy two hours before ("checkout v2.4.0") as the cause; it is a red herring, so the root cause earns nothing.');
    const penalty = itemOf(items, 'postmortem.red_herring');
    expect(penalty).toMatchObject({ penalty: true, label: 'Built on a red herring' });
    expect(penalty.earned).toBeLessThan(-5);
    // The same document with the cause right scores far above it.
    const right = scoreDrill(checkout, golden.drill, Postmortem.parse(CHECKOUT_POSTMORTEM)).phases.find((p) => p.phase === 'postmortem')!;
    const wrongPhase = scoreDrill(checkout, golden.drill, Postmortem.parse(wrong)).phases.find((p) => p.phase === 'postmortem')!;
    expect(wrongPhase.earned).toBeLessThan(right.earned / 3);
  });

  it('does not mistake a red herring ruled out for one named as the cause', () => {
    const ruledOut = graded({ root_cause: `${CHECKOUT_POSTMORTEM.root_cause} The checkout v2.4.0 deploy was not involved, and the catalog cache alert was noise.` }, 'postmortem.root_cause');
    full(ruledOut);
  });

  it('gives no section credit to a list of terms, copied material or a section repeated from another', () => {
    const salad = 'connection pool, hikari, maximumPoolSize, CR-2231, config change, db_pool_pending_threads, checkout latency';
    const briefing = 'You are on call for Shopfront, an online store. It is a weekday afternoon, the busiest time of the day.';
    const i = graded({ root_cause: salad, detection: briefing, resolution: CHECKOUT_POSTMORTEM.summary as string }, 'postmortem.sections');
    expect(i.explanation).toBe('3 of 12 sections earn nothing: root cause (a list of terms, not sentences), detection (copied from the briefing) and resolution (repeats the summary).');
    // A list of terms states no concept either.
    expect(graded({ root_cause: salad, trigger: salad }, 'postmortem.root_cause').explanation).toMatch(/only in a list of terms, not a statement/);
  });

  it('gives half root-cause credit for a cause stated only in text copied from what trainees could read', () => {
    const answer = golden.drill.events.find((e) => e.type === 'answer' && e.team === 'payments');
    expect(answer).toBeDefined();
    const i = graded({ root_cause: answer!.type === 'answer' ? answer!.text : '', trigger: '' }, 'postmortem.root_cause');
    expect(i.explanation).toMatch(/only in text copied from .*'s answer \(half credit\)/);
    expect(i.earned).toBeGreaterThan(0);
    expect(i.earned).toBeLessThan(i.possible);
  });

  it('credits the untouched pre-filled timeline for coverage only', () => {
    const prefill = prefillTimeline(golden.drill);
    const items = gradedAll({ ...CHECKOUT_POSTMORTEM, timeline: prefill });
    full(itemOf(items, 'postmortem.timeline_coverage'));
    expect(itemOf(items, 'postmortem.timeline_accuracy')).toMatchObject({ earned: 0 });
    expect(itemOf(items, 'postmortem.timeline_accuracy').explanation).toMatch(/^The timeline is the editor's pre-fill, untouched/);
    // Correcting one entry makes it the team's own: accuracy is judged on it.
    const edited = [{ ...prefill[0]!, text: `${prefill[0]!.text} (the trigger)` }, ...prefill.slice(1)];
    expect(itemOf(gradedAll({ ...CHECKOUT_POSTMORTEM, timeline: edited }), 'postmortem.timeline_accuracy').earned).toBeGreaterThan(0);
  });
});

describe('no free points', () => {
  it('gives an empty one-line postmortem almost no blameless credit', () => {
    const items = gradedAll({ summary: 'The pool was too small and we fixed it.' });
    const b = itemOf(items, 'postmortem.blameless');
    expect(b.earned).toBeLessThan(b.possible * 0.1);
    expect(b.explanation).toMatch(/^No phrase blames a person\. Blameless credit grows with what was written: \d+ words of the team's own, in full from 150\.$/);
  });

  it('flags a person as the subject of a negative judgement or an omission, not only the listed verbs', () => {
    const i = graded({ what_went_wrong: ['Tomasz approved the PR without reading it properly.', 'Priya didn\'t check the pool dashboard before the change.', 'Priya paged the DBA team at 14:12.'] }, 'postmortem.blameless');
    expect(i.notes).toHaveLength(2);
    expect(i.notes![0]).toMatch(/^what_went_wrong\[0\]: "Tomasz approved the PR without reading it properly"\. Describe what happened/);
    expect(i.notes![1]).toMatch(/^what_went_wrong\[1\]: "Priya didn't/);
  });

  it('flags punitive action items, with a systemic rewording, and does not count them as specific', () => {
    const items = [
      { title: 'Tomasz to take the Kafka training', owner: 'Tomasz', priority: 'P2' as const, type: 'process' as const, due: '2w' },
      { title: "All of Priya's config changes need two approvals", owner: 'payments', priority: 'P2' as const, type: 'prevention' as const, due: '2w' },
      { title: 'Page on db_pool_pending_threads above 5 for 2m for checkout', owner: 'payments', priority: 'P1' as const, type: 'detection' as const, due: '2w' },
    ];
    const spec = graded({ action_items: items }, 'follow_up.specific');
    expect(spec.notes).toEqual([
      'Refused item 1 ("Tomasz to take the Kafka training"): punitive: assigns training to Tomasz.',
      'Refused item 2 ("All of Priya\'s config changes need two approvals"): punitive: adds approvals or supervision for Priya.',
    ]);
    const blame = graded({ action_items: items }, 'postmortem.blameless');
    expect(blame.notes!.join('\n')).toMatch(/action_items\[0\]\.title: "Tomasz to take the Kafka training"\. Punitive action item \(assigns training to Tomasz\)\. Put the knowledge into the system/);
    expect(graded({ action_items: items }, 'follow_up.owned').explanation).toBe('Of 3 action items, 2 have an owner but are not specific, so they do not count.');
  });

  it('reads failed requests from quantities, never from a clock time', () => {
    const clockOnly = graded({ impact: { description: 'Errors from 14:04 to 14:16.', duration: '12 minutes', users_affected: 'checkout users' } }, 'postmortem.impact');
    expect(clockOnly.explanation).toMatch(/no number of failed requests or affected users/);
  });

  it('accepts the customer-impact window as the duration', () => {
    // pool-exhaustion from T+5m to the rollback at T+15m and its 2m recovery: 12 minutes.
    full(graded({ impact: { ...CHECKOUT_POSTMORTEM.impact!, duration: '12 minutes', minutes: 12 } }, 'postmortem.impact'));
  });
});

describe('timeline entries the review showed were real', () => {
  it('accepts the trigger before T+0 at its own time, and an entry that quotes a status update', () => {
    const tls = builtInScenarios().find((x) => x.scenario.id === 'tls-cert-expired')!.scenario;
    const d = runNamed(tls, 'golden').drill;
    const update = d.events.find((e) => e.type === 'status_posted' && e.audience === 'external');
    expect(update).toBeDefined();
    const entries = [
      { t: -7_776_000, text: 'gw-a certificate installed by hand (config change cfg-gw-a-cert-manual)' },
      { t: update!.t, text: update!.type === 'status_posted' ? update!.text : '' },
      { t: 330, text: 'Declared SEV1' },
    ];
    expect(timelineAccuracy(tls, d.events, entries).explanation).toMatch(/^All 3 of the team's timeline entries match real drill events/);
  });
});

describe('action items the review showed were not follow-up', () => {
  it('refuses an item copied from a runbook and one that takes a harmful action', () => {
    const runbookStep = checkout.runbooks.flatMap((r) => r.body.split('\n')).map((l) => l.replace(/^\s*\d+\.\s*/, '').trim()).find((l) => l.split(/\s+/).length >= 10)!;
    const items = [
      { title: runbookStep, owner: 'payments', priority: 'P2' as const, type: 'process' as const, due: '2w' },
      { title: 'Restart the orders-db primary whenever checkout slows down', owner: 'dba', priority: 'P2' as const, type: 'mitigation' as const, due: '2w' },
    ];
    const notes = graded({ action_items: items }, 'follow_up.specific').notes!;
    expect(notes[0]).toMatch(/^Refused item 1 .*: copied from the runbook ".*": a step someone could already read, not a change the team decided\.$/);
    expect(notes[1]).toBe('Refused item 2 ("Restart the orders-db primary whenever checkout slows down"): it takes the action "Restart the orders-db primary", which the key lists as harmful.');
  });
});

describe('impact counted where the customers felt it', () => {
  it('counts what the key names (failed sends) instead of HTTP errors at background level', () => {
    const s = builtInScenarios().find((x) => x.scenario.id === 'log-disk-full')!.scenario;
    const d = runNamed(s, 'golden').drill;
    const n = impactNumbers(d);
    expect(n.what).toBe('failed sends');
    expect(n.failedRequests[0]!.count).toBeGreaterThan(5000);
    const c = scoreDrill(s, d, Postmortem.parse({ impact: { description: `About ${n.failedRequests[0]!.count} sends failed.`, duration: '6 minutes', users_affected: '' } })).phases.flatMap((p) => p.items).find((i) => i.id === 'postmortem.impact')!;
    expect(c.explanation).toMatch(/\d+ failed sends matches the drill's \d+\.$/);
  });
});
