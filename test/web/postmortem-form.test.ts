/**
 * The postmortem editor's state and its mapping to the draft the server stores and the document
 * it grades (web/components/review/postmortem-form.ts), checked against the server's own schemas.
 */
import { describe, expect, it } from 'vitest';
import { PostmortemDraft } from '../../server/store/after-action.js';
import { Postmortem } from '../../server/scoring/postmortem.js';
import {
  draftFromForm, emptyActionRow, emptySections, formFromDraft, formProblems, listItems, mergePrefill, moveRow, parseCount, parseSimTime,
  postmortemFromForm, problemsFromIssues, SECTIONS, sectionOfIssue, sortTimeline, timelineRow, type PostmortemForm,
} from '../../web/components/review/postmortem-form.js';

const prefill = [{ t: 240, text: 'Config change to checkout' }, { t: 495, text: 'CheckoutHighLatency fired' }];

function filled(): PostmortemForm {
  const f = formFromDraft(null, prefill);
  return {
    ...f,
    summary: '  A config change cut the pool.  ',
    impact: { description: 'Checkout timed out', duration: 'about 10 minutes', minutes: '10', users_affected: 'about 3,000 requests', requests_failed: '3000' },
    root_cause: 'Pool size cut from 50 to 10',
    trigger: 'Config change at T+00:04:00',
    contributing_factors: '- no review for config\n\n* no pool alert\n',
    detection: 'Latency alert',
    resolution: 'Rolled back',
    what_went_well: '1) paged quickly',
    what_went_wrong: 'no validation step',
    where_we_got_lucky: 'quiet hour',
    action_items: [{ ...emptyActionRow(), title: ' Alert on pool pending threads ', owner: 'payments', priority: 'P1', type: 'detection', due: '2w' }, emptyActionRow()],
  };
}

describe('form <-> draft', () => {
  it('starts a fresh form with the drill log as the timeline', () => {
    const f = formFromDraft(null, prefill);
    expect(f.timeline.map((r) => [r.t, r.time, r.text])).toEqual([[240, '00:04:00', 'Config change to checkout'], [495, '00:08:15', 'CheckoutHighLatency fired']]);
    expect(f.summary).toBe('');
    expect(f.action_items).toEqual([]);
    expect(emptySections(f)).toEqual(SECTIONS.map((s) => s.id).filter((id) => id !== 'timeline'));
  });

  it('gives back the same form after a save and a reload, blank lines and bullets included', () => {
    const f = filled();
    const draft = draftFromForm(f);
    // What the server would store: valid for its draft schema, and through JSON.
    const stored = JSON.parse(JSON.stringify(PostmortemDraft.parse(draft))) as PostmortemDraft;
    const back = formFromDraft(stored, [{ t: 999, text: 'ignored: a draft has its own timeline' }]);
    const strip = (x: PostmortemForm) => ({ ...x, timeline: x.timeline.map(({ key: _k, ...r }) => r), action_items: x.action_items.map(({ key: _k, ...r }) => r) });
    expect(strip(back)).toEqual(strip(f));
  });

  it('stores counts as numbers: "3,500" comes back as "3500"', () => {
    const f = filled();
    const draft = draftFromForm({ ...f, impact: { ...f.impact, requests_failed: '3,500' } });
    expect(draft.impact?.requests_failed).toBe(3500);
    expect(formFromDraft(draft).impact.requests_failed).toBe('3500');
  });

  it('keeps an empty timeline as empty rather than refilling it from the log', () => {
    const draft = draftFromForm({ ...formFromDraft(null, prefill), timeline: [] });
    expect(formFromDraft(draft, prefill).timeline).toEqual([]);
  });

  it('reads a draft saved in the looser shapes (lists as text, unknown priority)', () => {
    const f = formFromDraft({ contributing_factors: 'a\nb', action_items: [{ title: 'x', priority: '' }], impact: { minutes: 12 } }, []);
    expect(f.contributing_factors).toBe('a\nb');
    expect(f.action_items[0]).toMatchObject({ title: 'x', priority: '', type: '', owner: '', due: '' });
    expect(f.impact.minutes).toBe('12');
  });

  it('keeps the last good time of a row while its time is being typed', () => {
    const f = formFromDraft(null, prefill);
    const typing = { ...f, timeline: [{ ...f.timeline[0]!, time: '00:0' }, f.timeline[1]!] };
    expect(draftFromForm(typing).timeline).toEqual([{ t: 240, text: 'Config change to checkout' }, { t: 495, text: 'CheckoutHighLatency fired' }]);
  });
});

describe('the submitted document', () => {
  it('is clean: trimmed, lists as items, empty rows dropped, timeline in time order, and valid for the grader', () => {
    const f = filled();
    const pm = postmortemFromForm({ ...f, timeline: [...f.timeline].reverse().concat(timelineRow(60, '   ')) });
    expect(pm.summary).toBe('A config change cut the pool.');
    expect(pm.contributing_factors).toEqual(['no review for config', 'no pool alert']);
    expect(pm.what_went_well).toEqual(['paged quickly']);
    expect(pm.timeline).toEqual(prefill);
    expect(pm.action_items).toEqual([{ title: 'Alert on pool pending threads', owner: 'payments', priority: 'P1', type: 'detection', due: '2w' }]);
    expect(pm.impact).toMatchObject({ minutes: 10, requests_failed: 3000 });
    expect(Postmortem.safeParse(pm).success).toBe(true);
  });

  it('leaves out numbers that are not numbers', () => {
    const f = filled();
    const pm = postmortemFromForm({ ...f, impact: { ...f.impact, minutes: 'ten', requests_failed: '' } });
    expect(postmortemFromForm(f).impact?.requests_failed).toBe(3000);
    expect(pm.impact).not.toHaveProperty('minutes');
    expect(pm.impact).not.toHaveProperty('requests_failed');
  });
});

describe('problems found before sending', () => {
  it('names bad times, non-numbers, untitled items and text over the limits, by section', () => {
    const f = filled();
    const p = formProblems({
      ...f,
      timeline: [{ ...f.timeline[0]!, time: 'T+ab' }, f.timeline[1]!],
      impact: { ...f.impact, minutes: 'ten' },
      action_items: [{ ...emptyActionRow(), owner: 'dba' }],
      summary: 'x'.repeat(20_001),
    });
    expect(p.timeline).toEqual(['Entry 1: "T+ab" is not a drill time; write it as 00:12:30 (hours:minutes:seconds).']);
    expect(p.impact).toEqual(['Duration in minutes "ten" is not a number.']);
    expect(p.action_items).toEqual(['Item 1 has no action: say what will change.']);
    expect(p.summary?.[0]).toMatch(/20,001 characters; the limit is 20,000/);
    expect(formProblems(filled())).toEqual({});
  });

  it('maps the server\'s issues to sections, with the row they concern', () => {
    expect(sectionOfIssue('postmortem.action_items.0.owner')).toBe('action_items');
    expect(sectionOfIssue('draft.impact.minutes')).toBe('impact');
    expect(sectionOfIssue('summary')).toBe('summary');
    expect(sectionOfIssue('postmortem.nonsense')).toBeUndefined();
    const r = problemsFromIssues([
      { path: 'postmortem.action_items.1.owner', message: 'action items: Too big' },
      { path: 'postmortem.timeline.0.t', message: 'timeline: Invalid input' },
      { path: 'postmortem.impact.minutes', message: 'impact: Too small' },
      { path: 'postmortem', message: 'Unrecognized key: "extra"' },
    ]);
    expect(r.sections).toEqual({
      action_items: ['Item 2 (owner): action items: Too big'],
      timeline: ['Entry 1 (t): timeline: Invalid input'],
      impact: ['minutes: impact: Too small'],
    });
    expect(r.other).toEqual(['postmortem: Unrecognized key: "extra"']);
  });
});

describe('small helpers', () => {
  it('reads drill times as typed', () => {
    expect(parseSimTime('T+00:12:30')).toBe(750);
    expect(parseSimTime('t + 00:12:30')).toBe(750);
    expect(parseSimTime('00:12:30')).toBe(750);
    expect(parseSimTime('12:30')).toBe(750);
    expect(parseSimTime('1:02:03')).toBe(3723);
    expect(parseSimTime('12m30s')).toBe(750);
    expect(parseSimTime('750')).toBe(750);
    for (const bad of ['', 'T+ab', '12:75', '-5m', 'soon']) expect(parseSimTime(bad)).toBeUndefined();
  });

  it('reads counts with separators', () => {
    expect(parseCount('3,500')).toBe(3500);
    expect(parseCount(' 12 ')).toBe(12);
    expect(parseCount('')).toBeUndefined();
    expect(parseCount('-1')).toBeUndefined();
    expect(parseCount('lots')).toBeUndefined();
  });

  it('splits list text into items', () => {
    expect(listItems('- a\n\n2) b\n • c\n   ')).toEqual(['a', 'b', 'c']);
  });

  it('moves and sorts rows without mutating', () => {
    const rows = [timelineRow(300, 'b'), timelineRow(60, 'a'), timelineRow(300, 'c')];
    const moved = moveRow(rows, 1, -1);
    expect(moved.map((r) => r.text)).toEqual(['a', 'b', 'c']);
    expect(rows.map((r) => r.text)).toEqual(['b', 'a', 'c']);
    expect(moveRow(rows, 0, -1)).toBe(rows);
    expect(sortTimeline(rows).map((r) => r.text)).toEqual(['a', 'b', 'c']);
  });

  it('adds only the drill events the timeline lacks', () => {
    const rows = [timelineRow(495, 'CheckoutHighLatency fired'), timelineRow(600, 'my note')];
    const { rows: merged, added } = mergePrefill(rows, prefill);
    expect(added).toBe(1);
    expect(merged.map((r) => r.text)).toEqual(['Config change to checkout', 'CheckoutHighLatency fired', 'my note']);
    expect(mergePrefill(merged, prefill)).toEqual({ rows: merged, added: 0 });
  });
});
