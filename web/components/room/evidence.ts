/**
 * What a pinned piece of evidence is, in words. A pin carries only a reference (an answer id like
 * `payments/0`, a change id, an alert name, a query); the timeline shows what it points at: the
 * responder's answer, the change's summary, the alert's summary when it fired, the chart's title.
 * Charts and queries also name the expression whose value at the moment of the pin is shown.
 * Pure, so the wording is tested.
 */
import type { DrillEvent } from '../../../contract/events.js';
import type { PublicScenario } from '../../lib/api-types.js';
import { chartsFor, servicesWithMetrics, unlabelledCharts } from './signals.js';

export type Pin = Extract<DrillEvent, { type: 'evidence_pinned' }>;
type Change = PublicScenario['changes'][number];

export interface PinView {
  /** what it is and whose, to follow "pinned": "answer from Priya Natarajan (Payments)" */
  readonly title: string;
  /** its content: the answer, the change, the log line, the alert's summary */
  readonly body: string;
  /** the body is code or a log line, shown in a monospace font */
  readonly mono?: boolean;
  /** PromQL to evaluate at the pin's time, for the value the pinner was looking at */
  readonly expr?: string;
  readonly unit?: string;
}

export interface PinContext {
  readonly events: readonly DrillEvent[];
  readonly changes: readonly Change[];
  readonly scenario?: Pick<PublicScenario, 'metrics' | 'services' | 'teams' | 'settings'>;
}

/**
 * @example describePin(pin('answer', 'payments/0'), ctx)
 * // { title: 'answer from Priya Natarajan (Payments)', body: 'Checkout talks to orders-db through…' }
 */
export function describePin(p: Pin, ctx: PinContext): PinView {
  const before = (e: DrillEvent) => e.t <= p.t;
  switch (p.kind) {
    case 'answer': {
      // The first time it was given: a repeat of it only adds "as I said".
      const a = ctx.events.find((e): e is Extract<DrillEvent, { type: 'answer' }> => e.type === 'answer' && e.answer === p.ref && before(e));
      if (!a) return { title: 'answer', body: p.ref };
      return { title: `answer from ${a.responder} (${ctx.scenario?.teams[a.team]?.name ?? a.team})`, body: a.text };
    }
    case 'change': {
      const c = ctx.changes.find((x) => x.id === p.ref);
      return c ? { title: `${c.type} change on ${c.service}${c.version ? ` ${c.version}` : ''} by ${c.author}`, body: c.summary } : { title: 'change', body: p.ref };
    }
    case 'alert': {
      const a = ctx.events.findLast((e): e is Extract<DrillEvent, { type: 'alert_pending' | 'alert_firing' | 'alert_resolved' }> => e.type === 'alert_firing' && e.alert === p.ref && before(e));
      return { title: `alert ${p.ref}`, body: a?.annotations.summary ?? a?.annotations.description ?? (a ? 'firing' : 'not firing when pinned') };
    }
    case 'log': return { title: 'log line', body: p.ref, mono: true };
    case 'chart': {
      const chart = chartOf(p.ref, ctx.scenario);
      return { title: chart ? `chart ${chart.service ? `${chart.service} ` : ''}${chart.title}` : 'chart', body: p.ref, mono: true, expr: p.ref, ...(chart?.unit ? { unit: chart.unit } : {}) };
    }
    default: return { title: p.kind, body: p.ref, mono: true, ...(p.kind === 'query' ? { expr: p.ref } : {}) };
  }
}

/** The room chart drawn from this query, if one is. */
function chartOf(query: string, s: PinContext['scenario']) {
  if (!s) return undefined;
  const every = [...servicesWithMetrics(s).flatMap((svc) => chartsFor(s, svc, s.settings.scrape_interval)), ...unlabelledCharts(s, s.settings.scrape_interval)];
  return every.find((c) => c.query === query);
}

/** One line for the timeline: who pinned what, with the content cut to a readable length. */
export function pinLine(p: Pin, v: PinView): string {
  const body = v.body.length > 160 ? `${v.body.slice(0, 159).trimEnd()}…` : v.body;
  return `${p.by ?? 'Someone'} pinned ${v.title}: ${body}${p.note ? ` (${p.note})` : ''}`;
}
