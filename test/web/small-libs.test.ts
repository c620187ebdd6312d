import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/lib/api.js';
import { errorText, sentence } from '../../web/lib/errors.js';
import { matches, type ScenarioSummary } from '../../web/lib/scenarios.js';
import { estimateSimTime } from '../../web/lib/tick-controller.js';

const s: ScenarioSummary = { id: 'checkout-db-pool', title: 'Checkout slows down', summary: 'Latency climbs after a config change', difficulty: 'medium', duration: 2700, tags: ['database', 'config'], skills: ['Tell a trigger from a red herring'] };

describe('library filter', () => {
  it('matches every word anywhere, and the difficulty and tag exactly', () => {
    expect(matches(s, { text: '', difficulty: '', tag: '' })).toBe(true);
    expect(matches(s, { text: 'CONFIG herring', difficulty: '', tag: '' })).toBe(true);
    expect(matches(s, { text: 'config dns', difficulty: '', tag: '' })).toBe(false);
    expect(matches(s, { text: '', difficulty: 'hard', tag: '' })).toBe(false);
    expect(matches(s, { text: '', difficulty: 'medium', tag: 'database' })).toBe(true);
    expect(matches(s, { text: '', difficulty: '', tag: 'data' })).toBe(false);
  });
});

describe('error sentences', () => {
  it('capitalises and closes the server\'s fragments', () => {
    expect(errorText(new ApiError(403, 'bad_join_code', "that join code is not this drill's; ask the facilitator for it"))).toBe("That join code is not this drill's; ask the facilitator for it.");
    expect(sentence('Done!')).toBe('Done!');
    expect(sentence('  ')).toBe('Something went wrong.');
  });
});

describe('clock estimate', () => {
  it('runs on by the speed between ticks, capped, and stands still unless running', () => {
    expect(estimateSimTime({ t: 600, speed: 60, phase: 'running' }, 500)).toBe(630);
    expect(estimateSimTime({ t: 600, speed: 60, phase: 'running' }, 10_000)).toBe(690);
    expect(estimateSimTime({ t: 600, speed: 60, phase: 'paused' }, 500)).toBe(600);
    expect(estimateSimTime({ t: 600, speed: 1, phase: 'running' }, -50)).toBe(600);
  });
});
