import { describe, expect, it } from 'vitest';
import type { DrillEvent } from '../../contract/events.js';
import { describeEvent, eventSentence, isSecret } from '../../contract/event-text.js';
import { withoutTemplates } from '../../web/lib/story-text.js';

describe('events in words', () => {
  it('says who did what, in one sentence', () => {
    expect(eventSentence({ t: 60, type: 'team_paged', team: 'dba', joinsAt: 300, by: 'Ada' })).toBe('Ada paged dba (joins at T+00:05:00)');
    expect(eventSentence({ t: 1, type: 'alert_acknowledged', alert: 'X', fingerprints: ['f'], by: 'Bo' })).toBe('Bo acknowledged X');
    expect(eventSentence({ t: 1, type: 'action_started', action: 'a', label: 'Scale', params: { replicas: '6' }, doneAt: 91, by: 'Bo' })).toBe('Bo started “Scale” (replicas=6), done in 1m30s');
    expect(eventSentence({ t: 1, type: 'participant_joined', name: 'Bo', role: 'scribe' })).toBe('Bo joined as Scribe');
  });

  it('gives the feed who and what apart, with the topic the screens filter by', () => {
    expect(describeEvent({ t: 60, type: 'team_paged', team: 'payments', joinsAt: 240, by: 'Ada' })).toEqual({ topic: 'comms', who: 'Ada', text: 'paged payments (joins at T+00:04:00)' });
    expect(describeEvent({ t: 1, type: 'drill_paused', reason: 'server restarted' })).toEqual({ topic: 'drill', who: 'Drillhall', text: 'paused the drill (server restarted)' });
  });

  it('uses team names when given them, and leaves scripts out of the sentence', () => {
    const names = { team: (id: string) => (id === 'payments' ? 'Payments' : id) };
    expect(eventSentence({ t: 60, type: 'team_paged', team: 'payments', joinsAt: 240, by: 'script' }, names)).toBe('Paged Payments (joins at T+00:04:00)');
  });

  it('marks the events trainees never see, and firing alerts as loud', () => {
    const fault: DrillEvent = { t: 300, type: 'fault_started', fault: 'f', title: 'Pool cut to 10' };
    expect(isSecret(fault)).toBe(true);
    expect(describeEvent(fault)).toMatchObject({ topic: 'faults', loud: true });
    const firing: DrillEvent = { t: 400, type: 'alert_firing', alert: 'HighLatency', fingerprint: 'x', labels: { service: 'checkout' }, annotations: {}, value: 2 };
    expect(isSecret(firing)).toBe(false);
    expect(describeEvent(firing)).toEqual({ topic: 'alerts', text: 'HighLatency (checkout) firing', loud: true });
    expect(eventSentence({ ...firing, annotations: { summary: 'p99 is 2 s' } })).toBe('HighLatency (checkout) firing: p99 is 2 s');
  });
});

describe('scenario text before it fires', () => {
  it('shows story-number templates as a placeholder', () => {
    expect(withoutTemplates('the dashboard says {{ query "100 * sum(rate(x[5m]))" | printf "%.0f" }}% of checkouts fail')).toBe('the dashboard says [live figure]% of checkouts fail');
  });
});
