// One Prometheus alerting rule as a pure state machine, following
// rules/alerting.go (AlertingRule.Eval) of Prometheus 3.x:
// - each result series becomes a pending alert (activeAt = t) if new;
// - it fires once t - activeAt >= for (for = 0 fires on the first eval);
// - a pending alert whose series vanishes is dropped (we emit 'cancelled';
//   Prometheus drops it silently);
// - a firing alert whose series vanishes is resolved at t, unless
//   keep_firing_for keeps it firing for that long after it vanished;
// - value and annotations are refreshed on every eval.
// Prometheus keeps resolved alerts in memory for 15m only to resend them to
// Alertmanager; a re-appearing series still starts a new pending alert, so
// dropping them at once is observably identical here.
import type { Compiled } from './eval.js';
import { instantQuery } from './eval.js';
import { formatSampleValue } from './format.js';
import { type Labels, METRIC_NAME, compareLabels, derive, labelsKey, sortedNames, without } from './labels.js';
import { type RulePlan, planRule } from './plan.js';
import type { MemoryStore } from './storage.js';
import { checkTemplate, renderTemplate } from './template.js';

export interface AlertRuleSpec {
  alert: string;
  expr: Compiled;
  /** Hold duration in ms. */
  for: number;
  /** ms a firing alert keeps firing after its series vanished. */
  keepFiringFor?: number;
  /** Extra labels; values may be templates. */
  labels: Labels;
  /** Annotation templates. */
  annotations: Record<string, string>;
  /** Available to templates as $externalLabels. */
  externalLabels?: Labels;
}

export type AlertState = 'pending' | 'firing';

export interface ActiveAlert {
  /** Alertmanager-compatible fingerprint (FNV-1a 64 of the label set, hex). */
  fingerprint: string;
  /** Series labels minus __name__, plus rule labels, plus alertname. */
  labels: Labels;
  annotations: Record<string, string>;
  state: AlertState;
  activeAt: number;
  firedAt?: number;
  /** Set while keep_firing_for holds a firing alert whose series is gone. */
  keepFiringSince?: number;
  value: number;
}

export type AlertTransition =
  | { type: 'pending' | 'firing' | 'cancelled'; alert: ActiveAlert; t: number }
  | { type: 'resolved'; alert: ActiveAlert & { resolvedAt: number }; t: number };

/** JSON-safe snapshot of a rule's state (non-finite values as "NaN", "+Inf", "-Inf"). */
export interface AlertRuleSnapshot {
  alerts: (Omit<ActiveAlert, 'value'> & { value: number | string })[];
  lastError: string | null;
}

const FNV_OFFSET = 14695981039346656037n;
const FNV_PRIME = 1099511628211n;
const MASK64 = (1n << 64n) - 1n;
const encoder = new TextEncoder();
/** what an evaluation that changes nothing returns: one shared, frozen empty list */
const NO_TRANSITIONS: readonly AlertTransition[] = Object.freeze([]);

/** Prometheus model.LabelSet.Fingerprint(): FNV-1a 64 over sorted name/value pairs, 0xff-separated. */
export function fingerprint(l: Labels): string {
  let h = FNV_OFFSET;
  const add = (bytes: Uint8Array): void => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  };
  const sep = new Uint8Array([0xff]);
  for (const n of sortedNames(l)) {
    add(encoder.encode(n));
    add(sep);
    add(encoder.encode(l[n] as string));
    add(sep);
  }
  return h.toString(16).padStart(16, '0');
}

/**
 * An alert as the rule holds it. Annotations are templates of the series labels and the value,
 * pure functions of both (templates run no queries), so they are expanded only when someone
 * reads the alert (a transition, `active()`, `snapshot()`), from the labels and value of the
 * latest evaluation, not at every evaluation of an alert that does not change state.
 */
interface HeldAlert extends ActiveAlert {
  /** set while `annotations` is out of date: expand them from these series labels and `value` */
  annotationsFrom?: Labels | undefined;
}

/**
 * Evaluates one alerting rule against the store as sim time advances.
 * Deterministic: same store contents and eval times give the same
 * transitions. Query errors leave the state untouched and are reported by
 * `lastError()`, as Prometheus marks the rule unhealthy.
 */
export class AlertRule {
  readonly spec: AlertRuleSpec;
  private alerts = new Map<string, HeldAlert>();
  private error: string | null = null;

  /** Validates all label and annotation templates (throws TemplateError). */
  constructor(spec: AlertRuleSpec) {
    for (const v of Object.values(spec.labels)) checkTemplate(v);
    for (const v of Object.values(spec.annotations)) checkTemplate(v);
    this.spec = spec;
    // Without template actions the alert labels depend on the series labels only.
    this.staticLabels = Object.values(spec.labels).every((v) => !v.includes('{{'));
    this.labelsMemoKey = `alert\xff${spec.alert}\xff${JSON.stringify(spec.labels)}`;
  }

  private readonly staticLabels: boolean;
  private readonly labelsMemoKey: string;
  /** alert labels of a series when they depend on its labels only (for derive's memo) */
  private readonly seriesAlertLabels = (series: Labels): Labels => this.alertLabels(series, NaN);

  /**
   * The samples of the evaluation under way, filed by `collect` in arrays kept from one
   * evaluation to the next (no map or object a sample while the alerts stay as they are): each
   * sample's alert key and labels, series labels and value; `seenAt` holds the evaluation that
   * last gave each key.
   */
  private readonly keys: string[] = [];
  private readonly alertLabelsOf: Labels[] = [];
  private readonly seriesOf: Labels[] = [];
  private readonly values: number[] = [];
  private readonly seenAt = new Map<string, number>();
  private evaluation = 0;
  /** the plan whose answer the last evaluation collected (null: it did not, or not all of it), and how many samples */
  private collectedFrom: RulePlan | null = null;
  private collected = 0;
  /** keys of the alerts the evaluation under way created (the first so many, as advance() counts them) */
  private readonly created: string[] = [];
  /** the rule's expression planned over the store it was last evaluated against (see planFor) */
  private plan: { readonly store: MemoryStore; readonly generation: number; readonly plan: RulePlan | null } | undefined;

  /** The alert name (the rule's `alert:` field). */
  get name(): string {
    return this.spec.alert;
  }

  lastError(): string | null {
    return this.error;
  }

  private expand(tpl: string, labels: Labels, value: number): string {
    const ctx = this.spec.externalLabels ? { labels, value, externalLabels: this.spec.externalLabels } : { labels, value };
    return renderTemplate(tpl, ctx);
  }

  /** Series labels minus __name__, plus the (expanded) rule labels, plus alertname. */
  private alertLabels(series: Labels, value: number): Labels {
    const lbs: Record<string, string> = { ...without(series, [METRIC_NAME]) };
    for (const [k, v] of Object.entries(this.spec.labels)) {
      const expanded = this.expand(v, series, value);
      if (expanded === '') delete lbs[k];
      else lbs[k] = expanded;
    }
    lbs['alertname'] = this.spec.alert;
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(lbs).sort()) sorted[k] = lbs[k] as string;
    return sorted;
  }

  /** Runs one evaluation at sim time t (ms) and returns the state changes, sorted by alert labels. */
  eval(store: MemoryStore, t: number): readonly AlertTransition[] {
    const plan = this.planFor(store);
    const reuse = this.collectedFrom;
    this.collectedFrom = null;
    if (plan === null || !plan.run(t)) return this.evalInGeneral(store, t);
    if (plan.size === 0 && this.alerts.size === 0) return this.quiet();
    // the plan gave what it gave last time: the samples collected then still stand
    if (reuse === plan && !plan.changed) {
      this.collectedFrom = plan;
      this.error = null;
      return this.advance(this.collected, this.evaluation, t);
    }
    const stamp = ++this.evaluation;
    let n = 0;
    for (const count = plan.sort(); n < count; n++) if (!this.collect(n, stamp, plan.labelsAt(plan.rows[n]!), plan.valueAt(plan.rows[n]!))) return NO_TRANSITIONS;
    this.collectedFrom = plan;
    this.collected = n;
    this.error = null;
    return this.advance(n, stamp, t);
  }

  /** `eval` through instantQuery: for an expression without a plan, or an evaluation its plan leaves to the general evaluator. */
  private evalInGeneral(store: MemoryStore, t: number): readonly AlertTransition[] {
    let samples: readonly { labels: Labels; value: number }[];
    try {
      const res = instantQuery(this.spec.expr, store, t);
      if (res.type === 'vector') samples = res.samples;
      else if (res.type === 'scalar') samples = [{ labels: {}, value: res.value }];
      else throw new Error('rule result is not a vector or scalar');
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return NO_TRANSITIONS;
    }
    if (samples.length === 0 && this.alerts.size === 0) return this.quiet();
    const stamp = ++this.evaluation;
    let n = 0;
    for (; n < samples.length; n++) if (!this.collect(n, stamp, samples[n]!.labels, samples[n]!.value)) return NO_TRANSITIONS;
    this.error = null;
    return this.advance(n, stamp, t);
  }

  /** Nothing to start, update or end: what advance() would conclude, without its bookkeeping. */
  private quiet(): readonly AlertTransition[] {
    this.error = null;
    return NO_TRANSITIONS;
  }

  /** Files sample i of evaluation `stamp`; false, with the rule's error set, if its alert labels are an earlier sample's. */
  private collect(i: number, stamp: number, series: Labels, value: number): boolean {
    const lbs = this.staticLabels ? derive(series, this.labelsMemoKey, this.seriesAlertLabels) : this.alertLabels(series, value);
    const key = labelsKey(lbs);
    if (this.seenAt.get(key) === stamp) {
      this.error = 'vector contains metrics with the same labelset after applying alert labels';
      return false;
    }
    this.seenAt.set(key, stamp);
    this.keys[i] = key;
    this.alertLabelsOf[i] = lbs;
    this.seriesOf[i] = series;
    this.values[i] = value;
    return true;
  }

  /**
   * The rule's expression planned over `store` (plan.ts): the same answers as instantQuery
   * without its work and garbage at every evaluation. Rebuilt when the store gains a series;
   * null where the expression has no plan.
   */
  private planFor(store: MemoryStore): RulePlan | null {
    const held = this.plan;
    if (held !== undefined && held.store === store && held.generation === store.generation) return held.plan;
    const plan = planRule(this.spec.expr, store);
    this.plan = { store, generation: store.generation, plan };
    return plan;
  }

  /** Moves the alerts on to the `n` samples collected at evaluation `stamp`, at time t. */
  private advance(n: number, stamp: number, t: number): readonly AlertTransition[] {
    let created = 0;
    for (let i = 0; i < n; i++) {
      const key = this.keys[i]!;
      const value = this.values[i]!;
      const existing = this.alerts.get(key);
      if (existing) {
        existing.value = value;
        existing.annotationsFrom = this.seriesOf[i];
        continue;
      }
      const labels = this.alertLabelsOf[i]!;
      this.alerts.set(key, { fingerprint: fingerprint(labels), labels, annotations: {}, annotationsFrom: this.seriesOf[i], state: 'pending', activeAt: t, value });
      this.created[created++] = key;
    }
    let out: AlertTransition[] | undefined; // made at the first transition: most evaluations have none
    const keepFor = this.spec.keepFiringFor ?? 0;
    for (const [key, a] of this.alerts) {
      if (this.seenAt.get(key) !== stamp) {
        let keepFiring = false;
        if (a.state === 'firing' && keepFor > 0) {
          a.keepFiringSince ??= t;
          keepFiring = t - a.keepFiringSince < keepFor;
        }
        if (!keepFiring) {
          this.alerts.delete(key);
          if (a.state === 'pending') (out ??= []).push({ type: 'cancelled', alert: this.copyAlert(a), t });
          else (out ??= []).push({ type: 'resolved', alert: { ...this.copyAlert(a), resolvedAt: t }, t });
          continue;
        }
      } else if (a.keepFiringSince !== undefined) delete a.keepFiringSince;
      if (a.state === 'pending' && t - a.activeAt >= this.spec.for) {
        a.state = 'firing';
        a.firedAt = t;
        (out ??= []).push({ type: 'firing', alert: this.copyAlert(a), t });
      } else if (created > 0 && this.created.lastIndexOf(key, created - 1) >= 0) (out ??= []).push({ type: 'pending', alert: this.copyAlert(a), t });
    }
    return out ? out.sort((x, y) => compareLabels(x.alert.labels, y.alert.labels)) : NO_TRANSITIONS;
  }

  /** The alert with its annotations expanded, as a copy the caller may keep. */
  private copyAlert(a: HeldAlert): ActiveAlert {
    const series = a.annotationsFrom;
    if (series) {
      const annotations: Record<string, string> = {};
      for (const [k, v] of Object.entries(this.spec.annotations)) annotations[k] = this.expand(v, series, a.value);
      a.annotations = annotations;
      a.annotationsFrom = undefined;
    }
    const { annotationsFrom: _f, ...copy } = a;
    return { ...copy, annotations: { ...a.annotations } };
  }

  /** Pending and firing alerts, sorted by labels (copies). */
  active(): ActiveAlert[] {
    return [...this.alerts.values()].map((a) => this.copyAlert(a)).sort((a, b) => compareLabels(a.labels, b.labels));
  }

  /** How many alerts are pending or firing (`active().length` without the copies). */
  get activeCount(): number {
    return this.alerts.size;
  }

  /** Plain-JSON state for drill snapshots. */
  snapshot(): AlertRuleSnapshot {
    return {
      alerts: this.active().map((a) => ({ ...a, value: Number.isFinite(a.value) ? a.value : formatSampleValue(a.value) })),
      lastError: this.error,
    };
  }

  /** Restores a state produced by `snapshot()` (of a rule with the same spec). */
  restore(s: AlertRuleSnapshot): void {
    this.alerts = new Map();
    for (const a of s.alerts) {
      const value = typeof a.value === 'number' ? a.value : a.value === '+Inf' ? Infinity : a.value === '-Inf' ? -Infinity : NaN;
      const alert: ActiveAlert = { ...a, labels: { ...a.labels }, annotations: { ...a.annotations }, value };
      this.alerts.set(labelsKey(alert.labels), alert);
    }
    this.error = s.lastError;
  }
}
