import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AfterAction } from '../../server/store/after-action.js';
import { scenarioHash } from '../../server/scenario/loader.js';
import { Postmortem } from '../../server/scoring/index.js';
import { openFileStore } from '../../server/store/lowdb.js';
import { EXAMPLE_TEXT } from '../helpers/scenario.js';
import { CHECKOUT_POSTMORTEM } from '../scoring/fixtures.js';

const hash = scenarioHash(EXAMPLE_TEXT);
const H = 'a'.repeat(64);

/** A drill as the store wrote it before teams and postmortems existed. */
const OLD_DRILL = {
  id: 'd1', createdAt: '2026-01-01T00:00:00.000Z', scenarioId: 'checkout-db-pool', scenarioHash: hash, seed: '1', joinCode: 'ABCDEFGH',
  facilitatorTokenHash: H, participants: [], log: [{ kind: 'control', t: 0, who: 'facilitator', by: 'Facilitator', control: { type: 'start', speed: 60 } }],
  clock: { t: 30, speed: 60, phase: 'paused' },
};

function oldFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dh-after-'));
  const file = join(dir, 'drillhall.json');
  writeFileSync(file, JSON.stringify({ version: 1, scenarios: { [hash]: { id: 'checkout-db-pool', file: 'checkout-db-pool.yaml', source: EXAMPLE_TEXT } }, drills: { d1: OLD_DRILL } }));
  return file;
}

describe('after-action records in the data file', () => {
  it('a file written before teams and postmortems still loads, unchanged', async () => {
    const file = oldFile();
    const s = await openFileStore(file);
    expect(s.get('d1')).toEqual(OLD_DRILL);
    expect(s.get('d1')).not.toHaveProperty('team');
    expect(s.get('d1')).not.toHaveProperty('after');
    await s.close();
  });

  it('keeps the team, the draft, the submission, reviews, action items and publish lines, and reads them back validated', async () => {
    const file = oldFile();
    const s = await openFileStore(file);
    const after: AfterAction = {
      draft: { summary: 'so far', action_items: [{ title: 'x', priority: '' }] }, savedAt: 1_700_000_000_000, savedBy: 'Ada',
      submitted: { at: 1_700_000_100_000, by: 'Ada', postmortem: Postmortem.parse(CHECKOUT_POSTMORTEM) },
      reviews: [{ itemId: 'detection.ack_time', comment: 'fine', by: 'Facilitator', at: '2026-01-01T00:10:00.000Z', override: { earned: 1, reason: 'r', by: 'Facilitator', at: '2026-01-01T00:10:00.000Z' } }],
      actionItems: [{ id: 'i1', drillId: 'd1', title: 'Alert on pool', owner: 'payments', priority: null, type: 'detection', due: '2w', status: 'done', createdAt: 1_700_000_100_000, doneAt: 1_700_000_200_000 }],
    };
    await s.setAfterAction('d1', after);
    await s.append('d1', { kind: 'publish', t: 30, who: 'facilitator', by: 'Facilitator', published: true }, { t: 30, speed: 60, phase: 'ended' });
    await s.close();
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(raw.drills.d1.after).toEqual(after);
    const again = await openFileStore(file);
    expect(again.get('d1')!.after).toEqual(after);
    expect(again.get('d1')!.log.at(-1)).toEqual({ kind: 'publish', t: 30, who: 'facilitator', by: 'Facilitator', published: true });
    await again.close();
  });

  it('refuses a file whose after-action record is malformed, naming where', async () => {
    const file = oldFile();
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.drills.d1.after = { actionItems: [{ id: 'i1', status: 'closed' }] };
    writeFileSync(file, JSON.stringify(data));
    await expect(openFileStore(file)).rejects.toThrow(/drills\.d1\.after\.actionItems\.0/);
  });
});
