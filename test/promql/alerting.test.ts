import { describe, expect, it } from 'vitest';
import { AlertRule, type AlertRuleSpec, type AlertTransition, MemoryStore, TemplateError, compile, fingerprint } from '../../server/promql/index.js';

const EVERY = 15_000;

/** A store whose `errors{service="checkout"}` has value v(t) at t = 0, 15s, ... (NaN = absent). */
function storeWith(valueAt: (tSec: number) => number | undefined, until = 600): MemoryStore {
  const store = new MemoryStore();
  const ref = store.add({ __name__: 'errors', service: 'checkout' });
  let present = false;
  for (let t = 0; t <= until; t += 15) {
    const v = valueAt(t);
    if (v === undefined) {
      if (present) store.append(ref, t * 1000, NaN); // stale marker
      present = false;
    } else {
      store.append(ref, t * 1000, v);
      present = true;
    }
  }
  return store;
}

function rule(over: Partial<AlertRuleSpec> = {}): AlertRule {
  return new AlertRule({
    alert: 'HighErrors',
    expr: compile('errors > 5'),
    for: 60_000,
    labels: { severity: 'page' },
    annotations: { summary: '{{ $labels.service }} has {{ $value }} errors' },
    ...over,
  });
}

/** Runs evals every 15s from 0 to `until` seconds; returns "t:type" strings. */
function run(r: AlertRule, store: MemoryStore, until: number): string[] {
  const out: string[] = [];
  for (let t = 0; t <= until * 1000; t += EVERY) {
    for (const tr of r.eval(store, t)) out.push(`${t / 1000}:${tr.type}`);
  }
  return out;
}

describe('AlertRule: for semantics', () => {
  it('goes pending on the first eval and fires exactly when held for `for`', () => {
    const r = rule();
    expect(run(r, storeWith(() => 10), 90)).toEqual(['0:pending', '60:firing']);
    const [a] = r.active();
    expect(a).toMatchObject({ state: 'firing', activeAt: 0, firedAt: 60_000, value: 10 });
  });

  it('fires on the first eval when for = 0 (no pending transition)', () => {
    expect(run(rule({ for: 0 }), storeWith(() => 10), 15)).toEqual(['0:firing']);
  });

  it('a pending alert that flaps is cancelled and restarts its activeAt', () => {
    // Above threshold at 0..30, below at 45, above again from 60.
    const store = storeWith((t) => (t === 45 ? 1 : 10));
    const r = rule();
    expect(run(r, store, 135)).toEqual(['0:pending', '45:cancelled', '60:pending', '120:firing']);
    expect(r.active()[0]?.activeAt).toBe(60_000);
  });

  it('resolves a firing alert when its series disappears', () => {
    const store = storeWith((t) => (t <= 90 ? 10 : undefined));
    const r = rule();
    const transitions: AlertTransition[] = [];
    for (let t = 0; t <= 120_000; t += EVERY) transitions.push(...r.eval(store, t));
    expect(transitions.map((x) => `${x.t / 1000}:${x.type}`)).toEqual(['0:pending', '60:firing', '105:resolved']);
    const resolved = transitions[2];
    expect(resolved?.type === 'resolved' && resolved.alert.resolvedAt).toBe(105_000);
    expect(r.active()).toEqual([]);
  });

  it('keep_firing_for holds a firing alert after its series vanished', () => {
    const store = storeWith((t) => (t <= 60 ? 10 : undefined));
    const r = rule({ for: 0, keepFiringFor: 30_000 });
    expect(run(r, store, 150)).toEqual(['0:firing', '105:resolved']);
  });
});

describe('AlertRule: labels, annotations and values', () => {
  it('builds labels from the series (minus __name__), rule labels and alertname', () => {
    const r = rule({ for: 0 });
    const [tr] = r.eval(storeWith(() => 10), 0);
    expect(tr?.alert.labels).toEqual({ alertname: 'HighErrors', service: 'checkout', severity: 'page' });
    expect(tr?.alert.fingerprint).toBe(fingerprint({ alertname: 'HighErrors', service: 'checkout', severity: 'page' }));
    expect(tr?.alert.annotations).toEqual({ summary: 'checkout has 10 errors' });
  });

  it('refreshes value and annotations on every eval', () => {
    const r = rule();
    const store = storeWith((t) => 10 + t);
    r.eval(store, 0);
    r.eval(store, 30_000);
    expect(r.active()[0]).toMatchObject({ value: 40, annotations: { summary: 'checkout has 40 errors' }, activeAt: 0 });
  });

  it('expands templates in rule labels', () => {
    const r = rule({ for: 0, labels: { severity: '{{ if gt $value 20.0 }}page{{ else }}ticket{{ end }}' } });
    expect(r.eval(storeWith(() => 10), 0)[0]?.alert.labels['severity']).toBe('ticket');
  });

  it('matches the Alertmanager fingerprint of a label set', () => {
    expect(fingerprint({ alertname: 'HighErrorRate', service: 'checkout' })).toBe('e2c3a7f7be80496b');
    expect(fingerprint({})).toBe('cbf29ce484222325');
  });

  it('validates templates at construction', () => {
    expect(() => rule({ annotations: { summary: '{{ query "up" }}' } })).toThrow(TemplateError);
  });
});

describe('AlertRule: errors and snapshots', () => {
  it('keeps its state and reports the error when label sets collide', () => {
    const store = new MemoryStore();
    store.append(store.add({ __name__: 'errors', service: 'a' }), 0, 10);
    store.append(store.add({ __name__: 'errors2', service: 'a' }), 0, 10);
    const r = rule({ expr: compile('{__name__=~"errors|errors2"} > 5'), for: 0 });
    expect(r.eval(store, 0)).toEqual([]);
    expect(r.lastError()).toBe('vector contains metrics with the same labelset after applying alert labels');
  });

  it('round-trips through a JSON snapshot, including non-finite values', () => {
    const store = new MemoryStore();
    const ref = store.add({ __name__: 'ratio', service: 'a' });
    store.append(ref, 0, 0);
    const r = rule({ expr: compile('ratio / ratio != 1'), for: 60_000 });
    r.eval(store, 0);
    const snap = JSON.parse(JSON.stringify(r.snapshot()));
    expect(snap.alerts[0].value).toBe('NaN');
    const restored = rule({ expr: compile('ratio / ratio != 1'), for: 60_000 });
    restored.restore(snap);
    expect(restored.active()[0]?.value).toBeNaN();
    // Both continue identically.
    store.append(ref, 60_000, 0);
    expect(restored.eval(store, 60_000)).toEqual(r.eval(store, 60_000));
    expect(restored.active()[0]?.state).toBe('firing');
  });

  it('treats a scalar result as one alert without series labels', () => {
    const r = rule({ expr: compile('1'), for: 0 });
    expect(r.eval(new MemoryStore(), 0)[0]?.alert.labels).toEqual({ alertname: 'HighErrors', severity: 'page' });
  });
});
