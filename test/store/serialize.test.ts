import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoreData } from '../../server/store/schema.js';
import { arrayBytes, serializeStore } from '../../server/store/serialize.js';

const entry = fc.record({ kind: fc.constant('command'), t: fc.nat(), who: fc.string(), by: fc.string({ unit: 'grapheme' }), command: fc.jsonValue() }, { requiredKeys: ['kind', 't'] });
const drill = fc.record({
  id: fc.string(), seed: fc.string(), log: fc.array(entry, { maxLength: 8 }), participants: fc.array(fc.record({ id: fc.string(), name: fc.string({ unit: 'grapheme' }) }), { maxLength: 3 }),
  clock: fc.jsonValue(), after: fc.option(fc.jsonValue(), { nil: undefined }), team: fc.option(fc.string(), { nil: undefined }),
});
const store = fc.record({
  version: fc.constant(1),
  scenarios: fc.dictionary(fc.string(), fc.record({ id: fc.string(), file: fc.string(), source: fc.string({ unit: 'grapheme' }) })),
  drills: fc.dictionary(fc.string(), drill),
}) as unknown as fc.Arbitrary<StoreData>;

const text = (data: StoreData) => serializeStore(data).toString('utf8');

describe('serializeStore', () => {
  it('is JSON.stringify in UTF-8, byte for byte, before and after logs grow, shrink or are edited', () => {
    fc.assert(fc.property(store, fc.array(entry, { maxLength: 5 }), (data, more) => {
      expect(text(data)).toBe(JSON.stringify(data));
      const drills = Object.values(data.drills);
      for (const d of drills) d.log.push(...(more as typeof d.log));
      expect(text(data)).toBe(JSON.stringify(data));
      for (const d of drills) {
        const log = d.log as unknown[];
        if (log.length > 1) log[log.length - 1] = { kind: 'command', t: 1, who: 'edited' };
        log.splice(Math.floor(log.length / 2));
        d.participants.push({ id: 'é', name: '名前 🚨' } as (typeof d.participants)[number]);
      }
      expect(text(data)).toBe(JSON.stringify(data));
      expect(serializeStore(data, '\n').equals(Buffer.from(`${JSON.stringify(data)}\n`))).toBe(true);
    }), { numRuns: 300 });
  });

  it('serialises an appended log entry once, not on every write', () => {
    const log: unknown[] = [];
    let calls = 0;
    const counted = (n: number) => ({ toJSON: () => { calls++; return { n, s: 'ü'.repeat(n) }; } });
    for (let i = 0; i < 100; i++) {
      log.push(counted(i));
      arrayBytes(log);
    }
    expect(calls).toBe(100);
    expect(Buffer.concat(arrayBytes(log)).toString()).toBe(JSON.stringify(Array.from({ length: 100 }, (_, n) => ({ n, s: 'ü'.repeat(n) }))));
  });
});
