import { describe, expect, it } from 'vitest';
import type { DrillEvent } from '../../server/drills/protocol.js';
import { describeEvent, isSecret, withoutTemplates } from '../../web/lib/event-text.js';

describe('feed lines', () => {
  it('says who did what, in words', () => {
    expect(describeEvent({ t: 60, type: 'team_paged', team: 'payments', joinsAt: 240, by: 'Ada' })).toEqual({ kind: 'team', who: 'Ada', text: 'paged payments (joins at T+00:04:00)' });
    expect(describeEvent({ t: 1, type: 'participant_joined', name: 'Bo', role: 'scribe' })).toEqual({ kind: 'people', who: 'Bo', text: 'joined as scribe' });
    expect(describeEvent({ t: 1, type: 'drill_paused', reason: 'server restarted' })).toMatchObject({ who: 'server', text: 'paused the drill (server restarted)' });
  });

  it('marks the events trainees never see, and firing alerts as loud', () => {
    const fault: DrillEvent = { t: 300, type: 'fault_started', fault: 'f', title: 'Pool cut to 10' };
    expect(isSecret(fault)).toBe(true);
    expect(describeEvent(fault)).toMatchObject({ kind: 'secret', loud: true });
    const firing: DrillEvent = { t: 400, type: 'alert_firing', alert: 'HighLatency', fingerprint: 'x', labels: { service: 'checkout' }, annotations: {}, value: 2 };
    expect(isSecret(firing)).toBe(false);
    expect(describeEvent(firing)).toEqual({ kind: 'alert', who: 'alerting', text: 'HighLatency (checkout) firing', loud: true });
  });

  it('keeps long user text short and quoted', () => {
    const line = describeEvent({ t: 1, type: 'status_posted', audience: 'external', text: 'x'.repeat(500), by: 'Cy' });
    expect(line.text.length).toBeLessThan(280);
    expect(line.text).toMatch(/^external status update: "x+…"$/);
  });
});

describe('scenario text before it fires', () => {
  it('shows story-number templates as a placeholder', () => {
    expect(withoutTemplates('the dashboard says {{ query "100 * sum(rate(x[5m]))" | printf "%.0f" }}% of checkouts fail')).toBe('the dashboard says [live figure]% of checkouts fail');
  });
});
