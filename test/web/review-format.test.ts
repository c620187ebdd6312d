/**
 * How the review pages word scores, saves, times and file names (web/components/review/format.ts).
 */
import { describe, expect, it } from 'vitest';
import { downloadName, firingRate, isoShort, outOf, percentOf, points, saveLabel, standing, wallDate, wallTime } from '../../web/components/review/format.js';

describe('scores', () => {
  it('writes points with at most two decimals and a real minus sign', () => {
    expect(points(7.5)).toBe('7.5');
    expect(points(10)).toBe('10');
    expect(points(3.333333)).toBe('3.33');
    expect(points(-4)).toBe('−4');
    expect(points(-0)).toBe('0');
    expect(points(0.004)).toBe('0');
    expect(outOf(4.17, 5)).toBe('4.17 / 5');
  });

  it('puts a phase in a band for colour, pending apart', () => {
    expect(percentOf(5, 10)).toBe(50);
    expect(percentOf(-3, 10)).toBe(0);
    expect(percentOf(1, 0)).toBe(0);
    expect(standing({ earned: 9.5, possible: 10, pending: false })).toBe('ok');
    expect(standing({ earned: 5, possible: 10, pending: false })).toBe('warn');
    expect(standing({ earned: 2, possible: 10, pending: false })).toBe('bad');
    expect(standing({ earned: 0, possible: 15, pending: true })).toBe('pending');
  });
});

describe('the autosave indicator', () => {
  const at = new Date(2025, 5, 1, 14, 2, 9).getTime();
  it('says what state the draft is in, naming someone else\'s save', () => {
    expect(saveLabel({ kind: 'idle' }, 'Ada')).toBe('Not edited yet');
    expect(saveLabel({ kind: 'dirty' }, 'Ada')).toBe('Unsaved changes…');
    expect(saveLabel({ kind: 'saving' }, 'Ada')).toBe('Saving…');
    expect(saveLabel({ kind: 'saved', at, by: 'Ada' }, 'Ada')).toBe('Saved at 14:02:09');
    expect(saveLabel({ kind: 'saved', at, by: 'Grace' }, 'Ada')).toBe('Saved at 14:02:09 by Grace');
    expect(saveLabel({ kind: 'error', reason: 'The server cannot be reached.' }, 'Ada')).toBe('Not saved: The server cannot be reached');
  });

  it('writes wall times and dates in local time, zero-padded', () => {
    expect(wallTime(at)).toBe('14:02:09');
    expect(wallDate(at)).toBe('2025-06-01 14:02');
    expect(isoShort(new Date(at).toISOString())).toBe('2025-06-01 14:02');
    expect(isoShort('not a time')).toBe('not a time');
  });
});

describe('download names', () => {
  it('takes the server\'s file name, never a path', () => {
    expect(downloadName('attachment; filename="d1-report.json"', 'd1', 'json')).toBe('d1-report.json');
    expect(downloadName("attachment; filename*=UTF-8''d%C3%A9-postmortem.md", 'd1', 'markdown')).toBe('dé-postmortem.md');
    expect(downloadName('attachment; filename="../../etc/passwd"', 'd1', 'json')).toBe('_.._etc_passwd');
  });

  it('falls back to <drill>-postmortem.md and <drill>-report.json', () => {
    expect(downloadName(null, 'k7Qx', 'markdown')).toBe('k7Qx-postmortem.md');
    expect(downloadName('attachment', 'k7Qx', 'json')).toBe('k7Qx-report.json');
    expect(downloadName(null, 'a/b c', 'json')).toBe('a_b_c-report.json');
  });
});

describe('alert firing rates', () => {
  it('reads per day, or as "about every N days" when rarer', () => {
    expect(firingRate(0)).toBe('never');
    expect(firingRate(0.5)).toBe('about every 2 days');
    expect(firingRate(0.9)).toBe('about every day');
    expect(firingRate(1.5)).toBe('1.5 per day');
    expect(firingRate(12.4)).toBe('12 per day');
  });
});
