/**
 * Checks the schema cannot express: references between parts of a scenario, PromQL that must
 * compile, selectors that must match a generated series, scripts that must be playable.
 * Each problem carries the path of the offending value so the loader can give file:line:col.
 */
import { checkTemplate, compile, matchLabels, parseSelector, PromQLError, selectorsOf, type Matcher } from '../promql/index.js';
import { parseCommand } from './commands.js';
import { type Command } from '../../contract/commands.js';
import { storyQueries, valueTemplate } from './story-text.js';
import { exposedSeries, labelKey, sourceSeries, type SourceSeries } from './catalog.js';
import type { Path } from './positions.js';
import type { Effect, Scenario } from './schema.js';
import { mainFaults } from '../../contract/scoring.js';
import { didYouMean } from './suggest.js';

export interface SemanticProblem {
  readonly path: Path;
  readonly message: string;
  /** point at this key of the mapping at path instead of its value */
  readonly key?: string;
  /** point at this character offset inside the string value at path */
  readonly offset?: number;
}

type Report = (path: Path, message: string, extra?: { key?: string; offset?: number }) => void;

export function semanticChecks(s: Scenario, _raw: Record<string, unknown>): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const report: Report = (path, message, extra) => problems.push({ path, message, ...extra });
  const sources = sourceSeries(s);
  const ids = {
    services: Object.keys(s.services),
    teams: Object.keys(s.teams),
    faults: s.faults.map((f) => f.id),
    actions: s.actions.map((a) => a.id),
    changes: s.changes.map((c) => c.id),
    runbooks: s.runbooks.map((r) => r.id),
    alerts: s.alerts.map((a) => a.alert),
    injects: s.injects.map((i) => i.id),
  };
  const ref = (kind: keyof typeof ids, noun: string) => (value: string, path: Path) => {
    if (!ids[kind].includes(value)) report(path, `unknown ${noun} "${value}"${didYouMean(value, ids[kind])}`);
  };
  const service = ref('services', 'service');
  const team = ref('teams', 'team');
  const fault = ref('faults', 'fault');
  const action = ref('actions', 'action');
  const change = ref('changes', 'change');
  const runbook = ref('runbooks', 'runbook');
  const alert = ref('alerts', 'alert');

  for (const [kind, list] of Object.entries(ids) as [string, string[]][]) duplicates(list, kind, report);

  for (const [name, svc] of Object.entries(s.services)) {
    team(svc.team, ['services', name, 'team']);
    svc.depends_on.forEach((d, i) => service(d, ['services', name, 'depends_on', i]));
  }
  const cycle = findCycle(s);
  if (cycle) report(['services', cycle[0]!, 'depends_on'], `services depend on each other in a cycle: ${cycle.join(' -> ')}`);

  checkMetrics(s, sources, report);
  s.faults.forEach((f, i) => {
    const base: Path = ['faults', i];
    service(f.service, [...base, 'service']);
    if (f.starts_at !== undefined && f.starts_after !== undefined) report(base, `fault "${f.id}" has both starts_at and starts_after; choose one`, { key: 'starts_after' });
    if (f.starts_after) {
      const t = f.starts_after;
      const set = [t.change, t.action, t.fault].filter((x) => x !== undefined);
      if (set.length !== 1) report([...base, 'starts_after'], 'starts_after needs exactly one of change, action or fault');
      if (t.change) { change(t.change, [...base, 'starts_after', 'change']); historyTrigger(s, t.change, [...base, 'starts_after', 'change'], report); }
      if (t.action) action(t.action, [...base, 'starts_after', 'action']);
      if (t.fault) { fault(t.fault, [...base, 'starts_after', 'fault']); if (t.fault === f.id) report([...base, 'starts_after', 'fault'], 'a fault cannot start after itself'); }
    }
    f.effects.forEach((e, j) => checkEffect(e, [...base, 'effects', j], sources, report));
    f.logs.forEach((l, j) => {
      if (l.service) service(l.service, [...base, 'logs', j, 'service']);
      checkLogTemplate(l.template, Object.keys(l.fields), [...base, 'logs', j, 'template'], report);
    });
    f.cascade?.logs.forEach((l, j) => checkLogTemplate(l.template, [...Object.keys(l.fields), 'upstream'], [...base, 'cascade', 'logs', j, 'template'], report));
    if (f.cascade && !Object.values(s.services).some((svc) => svc.depends_on.includes(f.service))) {
      report([...base, 'cascade'], `fault "${f.id}" cascades, but no service depends on "${f.service}"`);
    }
  });
  s.logs.forEach((l, i) => {
    service(l.service, ['logs', i, 'service']);
    l.muted_by.forEach((f, j) => fault(f, ['logs', i, 'muted_by', j]));
    checkLogTemplate(l.template, Object.keys(l.fields), ['logs', i, 'template'], report);
  });
  s.changes.forEach((c, i) => service(c.service, ['changes', i, 'service']));
  s.injects.forEach((inj, i) => {
    if ((inj.at === undefined) === (inj.after === undefined)) report(['injects', i], `inject "${inj.id}" needs exactly one of at or after`);
    if (inj.after && [inj.after.change, inj.after.action, inj.after.fault].filter((x) => x !== undefined).length !== 1) {
      report(['injects', i, 'after'], 'after needs exactly one of change, action or fault');
    }
    if (inj.after?.change) { change(inj.after.change, ['injects', i, 'after', 'change']); historyTrigger(s, inj.after.change, ['injects', i, 'after', 'change'], report); }
    if (inj.after?.action) action(inj.after.action, ['injects', i, 'after', 'action']);
    if (inj.after?.fault) fault(inj.after.fault, ['injects', i, 'after', 'fault']);
  });
  s.runbooks.forEach((r, i) => {
    if (r.service) service(r.service, ['runbooks', i, 'service']);
    r.actions.forEach((a, j) => action(a, ['runbooks', i, 'actions', j]));
  });
  s.actions.forEach((a, i) => {
    const base: Path = ['actions', i];
    if (a.service) service(a.service, [...base, 'service']);
    a.requires?.teams.forEach((t, j) => team(t, [...base, 'requires', 'teams', j]));
    a.requires?.actions.forEach((x, j) => action(x, [...base, 'requires', 'actions', j]));
    const paramNames = a.params.map((p) => p.name);
    paramNames.forEach((n, j) => { if (paramNames.indexOf(n) !== j) report([...base, 'params', j, 'name'], `duplicate param name "${n}"`); });
    a.params.forEach((p, j) => {
      if (p.type === 'choice' && !p.choices?.length) report([...base, 'params', j], `param "${p.name}" is a choice but lists no choices`);
      if (p.default !== undefined && p.choices && !p.choices.includes(p.default)) report([...base, 'params', j, 'default'], `default "${p.default}" is not one of the choices`);
    });
    a.effects.forEach((e, j) => {
      fault(e.fault, [...base, 'effects', j, 'fault']);
      if (e.effect !== 'mitigate' && (e.level !== undefined || e.for !== undefined)) report([...base, 'effects', j], `"level" and "for" only apply to effect: mitigate, not ${e.effect}`, { key: e.level !== undefined ? 'level' : 'for' });
      for (const [k, v] of Object.entries(e.when ?? {})) {
        const p = a.params.find((x) => x.name === k);
        if (!p) report([...base, 'effects', j, 'when'], `"when" names param "${k}" that the action does not have${didYouMean(k, paramNames)}`, { key: k });
        else if (p.choices && !p.choices.includes(v)) report([...base, 'effects', j, 'when', k], `"${v}" is not one of the choices of "${k}": ${p.choices.join(', ')}`);
      }
    });
    a.metrics.forEach((e, j) => checkEffect(e, [...base, 'metrics', j], sources, report));
  });
  checkAlerts(s, sources, report);
  checkStories(s, sources, report);
  checkExpected(s, { team, action, alert, runbook, change, fault }, sources, report);
  checkScripts(s, ids, report);
  return problems;
}

function duplicates(list: readonly string[], kind: string, report: Report): void {
  const seen = new Set<string>();
  list.forEach((id, i) => {
    if (seen.has(id)) report([kind === 'alerts' ? 'alerts' : kind, i], `duplicate ${kind.replace(/s$/, '')} id "${id}"`);
    seen.add(id);
  });
}

function findCycle(s: Scenario): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'visiting') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'visiting'); stack.push(n);
    for (const d of s.services[n]?.depends_on ?? []) { const c = visit(d); if (c) return c; }
    stack.pop(); state.set(n, 'done');
    return undefined;
  };
  for (const n of Object.keys(s.services)) { const c = visit(n); if (c) return c; }
  return undefined;
}

function checkMetrics(s: Scenario, sources: readonly SourceSeries[], report: Report): void {
  const seen = new Map<string, number>();
  s.metrics.forEach((m, i) => {
    const base: Path = ['metrics', i];
    if (m.type === 'histogram' && !m.buckets?.length) report(base, `histogram "${m.name}" needs buckets`, { key: 'type' });
    if (m.type !== 'histogram' && m.buckets) report(base, `only histograms have buckets; "${m.name}" is a ${m.type}`, { key: 'buckets' });
    if (m.buckets && m.buckets.some((b, j) => j > 0 && b <= m.buckets![j - 1]!)) report([...base, 'buckets'], 'buckets must be in increasing order');
    if (m.type === 'counter' && !m.name.endsWith('_total')) report([...base, 'name'], `counter "${m.name}" should end in _total, as Prometheus naming asks`);
    m.series.forEach((def, j) => {
      const p: Path = [...base, 'series', j];
      if (def.labels.__name__ !== undefined || def.labels.le !== undefined) report([...p, 'labels'], 'labels "__name__" and "le" are set by Drillhall');
      for (const [k, v] of Object.entries(def.labels)) if (v === '') report([...p, 'labels', k], `label "${k}" is empty; Prometheus treats an empty label as absent, so leave it out`);
      if (m.type === 'gauge') {
        if (!def.value) report(p, `gauge series needs "value"`);
        if (def.rate || def.latency) report(p, `gauge series take "value", not "rate" or "latency"`);
      } else {
        if (!def.rate) report(p, `${m.type} series needs "rate" (per second)`);
        if (def.value) report(p, `${m.type} series take "rate", not "value"`, { key: 'value' });
        if (m.type === 'histogram' && !def.latency) report(p, 'histogram series needs "latency" (median and p99)');
        if (m.type === 'counter' && def.latency) report(p, 'only histogram series have "latency"', { key: 'latency' });
      }
      if (def.latency && def.latency.p99 <= def.latency.median) report([...p, 'latency', 'p99'], 'p99 must be larger than median');
    });
  });
  for (const src of sources) {
    const k = labelKey(src.labels);
    if (seen.has(k)) report(['metrics', s.metrics.indexOf(src.metric), 'series', src.seriesIndex, 'labels'], `the same series is declared twice: ${k}`);
    seen.set(k, src.index);
  }
}

/** The generated series a selector matches; undefined (reported at `path`) when it is not a selector or matches none. */
function matchedSources(selector: string, path: Path, sources: readonly SourceSeries[], report: Report): SourceSeries[] | undefined {
  let sel;
  try {
    sel = parseSelector(selector);
  } catch (err) {
    if (err instanceof PromQLError) { report(path, `not a series selector: ${err.message}`, { offset: err.offset }); return undefined; }
    throw err;
  }
  const hits = sources.filter((src) => matchLabels(sel.matchers, src.labels));
  if (hits.length === 0) { report(path, noMatch(selector, sel, sources.map((x) => x.labels))); return undefined; }
  return hits;
}

/** A selector that must match generated counter series (the key's impact count). */
function checkCounter(selector: string, path: Path, sources: readonly SourceSeries[], report: Report): void {
  const hits = matchedSources(selector, path, sources, report);
  if (hits?.some((h) => h.metric.type !== 'counter')) report(path, `"${selector}" must select counters: the impact is their increase over the incident`);
}

function checkEffect(e: Effect, path: Path, sources: readonly SourceSeries[], report: Report): void {
  if ((e.multiply === undefined) === (e.add === undefined)) report(path, 'an effect needs exactly one of "multiply" or "add"');
  if (e.shape !== 'step' && e.over === undefined) report(path, `shape "${e.shape}" needs "over" (how long it ramps, spikes or halves)`, { key: 'shape' });
  const hits = matchedSources(e.series, [...path, 'series'], sources, report);
  for (const h of hits ?? []) {
    const t = e.target ?? (h.metric.type === 'gauge' ? 'value' : h.metric.type === 'histogram' ? 'latency' : 'rate');
    const ok = h.metric.type === 'gauge' ? t === 'value' : h.metric.type === 'counter' ? t === 'rate' : t !== 'value';
    if (!ok) { report([...path, 'target'], `a ${h.metric.type} has no "${t}" to change`); return; }
  }
}

function checkLogTemplate(template: string, fields: readonly string[], path: Path, report: Report): void {
  for (const m of template.matchAll(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g)) {
    if (!fields.includes(m[1]!)) report(path, `template uses {${m[1]}} but no field "${m[1]}" is defined${didYouMean(m[1]!, fields)}`, { offset: m.index });
  }
}

function checkAlerts(s: Scenario, sources: readonly SourceSeries[], report: Report): void {
  const exposed = exposedSeries(sources);
  s.alerts.forEach((a, i) => {
    const path: Path = ['alerts', i, 'expr'];
    let compiled;
    try {
      compiled = compile(a.expr);
    } catch (err) {
      if (err instanceof PromQLError) { report(path, err.message, { offset: err.offset }); return; }
      throw err;
    }
    for (const sel of selectorsOf(compiled)) {
      if (!exposed.some((x) => matchLabels(sel.matchers, x.labels))) {
        report(path, noMatch(a.expr.slice(sel.offset, sel.offset + sel.length), sel, exposed.map((x) => x.labels)), { offset: sel.offset });
      }
    }
    for (const part of ['annotations', 'labels'] as const) {
      for (const [k, tpl] of Object.entries(a[part])) {
        try { checkTemplate(tpl); } catch (err) {
          if (err instanceof PromQLError) report(['alerts', i, part, k], err.message, { offset: err.offset });
          else throw err;
        }
      }
    }
  });
}

type Refs = Record<'team' | 'action' | 'alert' | 'runbook' | 'change' | 'fault', (v: string, p: Path) => void>;

function checkExpected(s: Scenario, r: Refs, sources: readonly SourceSeries[], report: Report): void {
  const e = s.expected;
  e.alerts.forEach((a, i) => r.alert(a, ['expected', 'alerts', i]));
  e.page.forEach((t, i) => r.team(t, ['expected', 'page', i]));
  e.mitigate?.any_of.forEach((a, i) => r.action(a, ['expected', 'mitigate', 'any_of', i]));
  e.fix.any_of.forEach((a, i) => r.action(a, ['expected', 'fix', 'any_of', i]));
  e.harmful.forEach((a, i) => r.action(a, ['expected', 'harmful', i]));
  e.docs_to_update.forEach((d, i) => r.runbook(d, ['expected', 'docs_to_update', i]));
  const main = mainFaults(s);
  e.red_herrings.forEach((h, i) => {
    const base = ['expected', 'red_herrings', i];
    if (h.change !== undefined) r.change(h.change, [...base, 'change']);
    if (h.alert !== undefined) r.alert(h.alert, [...base, 'alert']);
    if (h.fault !== undefined) r.fault(h.fault, [...base, 'fault']);
    if (h.fault !== undefined && main.includes(h.fault)) report([...base, 'fault'], `fault "${h.fault}" is the real cause (a fix action resolves it), not a red herring`);
  });
  if (e.impact_count) checkCounter(e.impact_count.counter, ['expected', 'impact_count', 'counter'], sources, report);
  e.customer_impact.forEach((id, i) => r.fault(id, ['expected', 'customer_impact', i]));
  e.evidence.forEach((ev, i) => {
    const set = [ev.metric, ev.log, ev.change, ev.team].filter((x) => x !== undefined);
    if (set.length !== 1) report(['expected', 'evidence', i], 'evidence needs exactly one of metric, log, change or team');
    if (ev.change) r.change(ev.change, ['expected', 'evidence', i, 'change']);
    if (ev.team) r.team(ev.team, ['expected', 'evidence', i, 'team']);
    if (ev.metric && !s.metrics.some((m) => m.name === ev.metric)) report(['expected', 'evidence', i, 'metric'], `no metric named "${ev.metric}"${didYouMean(ev.metric, s.metrics.map((m) => m.name))}`);
  });
  const resolves = (id: string) => s.actions.find((a) => a.id === id)?.effects.some((x) => x.effect === 'resolve');
  e.fix.any_of.forEach((a, i) => { if (s.actions.some((x) => x.id === a) && !resolves(a)) report(['expected', 'fix', 'any_of', i], `fix action "${a}" resolves no fault`); });
  for (const h of e.harmful) {
    if (e.fix.any_of.includes(h) || e.mitigate?.any_of.includes(h)) report(['expected', 'harmful'], `action "${h}" is both expected and harmful`);
  }
}

const REF_FIELDS: Record<string, [field: string, kind: 'teams' | 'actions' | 'faults' | 'changes' | 'runbooks' | 'injects']> = {
  page_team: ['team', 'teams'], ask: ['team', 'teams'], run_action: ['action', 'actions'],
  inject_fault: ['fault', 'faults'], inject_change: ['change', 'changes'], flag_doc: ['runbook', 'runbooks'],
};

function checkScripts(s: Scenario, ids: Record<string, string[]>, report: Report): void {
  for (const [name, steps] of Object.entries(s.scripts)) {
    let last = 0;
    steps.forEach((step, i) => {
      const path: Path = ['scripts', name, i];
      if (step.at < last) report([...path, 'at'], `steps must be in time order; this one is before the step above it`);
      last = step.at;
      const parsed = parseCommand(step.command);
      if (!parsed.ok) {
        report([...path, 'command', ...parsed.path], `invalid command: ${parsed.message}`);
        return;
      }
      checkScriptCommand(s, parsed.command, [...path, 'command'], report);
      const cmd = parsed.command as Record<string, unknown>;
      const refSpec = REF_FIELDS[parsed.command.type];
      if (refSpec) {
        const v = String(cmd[refSpec[0]]);
        const list = ids[refSpec[1]]!;
        if (!list.includes(v)) report([...path, 'command', refSpec[0]], `unknown ${refSpec[1].replace(/s$/, '')} "${v}"${didYouMean(v, list)}`);
      }
      if (parsed.command.type === 'ack_alert' && !ids.alerts!.includes(parsed.command.alert)) {
        report([...path, 'command', 'alert'], `unknown alert "${parsed.command.alert}"${didYouMean(parsed.command.alert, ids.alerts!)}`);
      }
    });
  }
}

/** Params of run_action and ids of inject_message, which the command schema cannot know. */
function checkScriptCommand(s: Scenario, c: Command, path: Path, report: Report): void {
  if (c.type === 'inject_message' && c.inject !== undefined && !s.injects.some((i) => i.id === c.inject)) {
    report([...path, 'inject'], `unknown inject "${c.inject}"${didYouMean(c.inject, s.injects.map((i) => i.id))}`);
  }
  if (c.type !== 'run_action') return;
  const action = s.actions.find((a) => a.id === c.action);
  if (!action) return;
  for (const [k, v] of Object.entries(c.params)) {
    const p = action.params.find((x) => x.name === k);
    if (!p) { report([...path, 'params'], `action "${action.id}" has no param "${k}"${didYouMean(k, action.params.map((x) => x.name))}`, { key: k }); continue; }
    if (p.choices && !p.choices.includes(String(v))) report([...path, 'params', k], `"${v}" is not one of ${p.choices.map((x) => `"${x}"`).join(', ')}`);
  }
}

/** A change dated before time 0 is history: it never happens during the drill, so nothing can wait for it. */
function historyTrigger(s: Scenario, id: string, path: Path, report: Report): void {
  const c = s.changes.find((x) => x.id === id);
  if (c && c.at < 0) report(path, `change "${id}" is history (at ${c.at}s, before the drill starts), so nothing can start after it`);
}

/** Texts that may quote the simulation with {{ query "..." }}: each query must compile and match series. */
function checkStories(s: Scenario, sources: readonly SourceSeries[], report: Report): void {
  const texts: [Path, string][] = [
    ...s.injects.map((i, n): [Path, string] => [['injects', n, 'text'], i.text]),
    ...s.actions.map((a, n): [Path, string] => [['actions', n, 'outcome'], a.outcome]),
    ...Object.entries(s.teams).flatMap(([id, t]) => [
      ...t.knowledge.map((k, n): [Path, string] => [['teams', id, 'knowledge', n, 'answer'], k.answer]),
      [['teams', id, 'fallback'], t.fallback] as [Path, string],
    ]),
  ];
  const exposed = exposedSeries(sources);
  for (const [path, text] of texts) {
    for (const q of storyQueries(text)) {
      try {
        const c = compile(q.expr);
        if (c.type !== 'scalar' && c.type !== 'vector') report(path, `{{ query }} must give a number, but this is a ${c.type === 'matrix' ? 'range vector' : c.type}`, { offset: q.exprOffset });
        for (const sel of selectorsOf(c)) {
          if (!exposed.some((x) => matchLabels(sel.matchers, x.labels))) report(path, noMatch(q.expr.slice(sel.offset, sel.offset + sel.length), sel, exposed.map((x) => x.labels)), { offset: q.exprOffset + sel.offset });
        }
        checkTemplate(valueTemplate(q));
      } catch (err) {
        if (err instanceof PromQLError) report(path, `in {{ query }}: ${err.message}`, { offset: q.exprOffset + err.offset });
        else throw err;
      }
    }
  }
}

/**
 * Why a selector matches nothing, in the words an author needs: a misspelt metric name (with
 * a suggestion; a histogram's base name points at its `_bucket` series), or, when the name
 * exists, which label does not fit and what values it has.
 */
function noMatch(text: string, sel: { name?: string; matchers: readonly Matcher[] }, all: readonly Readonly<Record<string, string>>[]): string {
  const names = [...new Set(all.map((l) => l.__name__!))];
  const head = `no generated series matches ${text}`;
  if (sel.name === undefined) return head;
  const sameName = all.filter((l) => l.__name__ === sel.name);
  if (sameName.length === 0) {
    if (names.includes(`${sel.name}_bucket`)) return `${head}; "${sel.name}" is a histogram, exposed as ${sel.name}_bucket, ${sel.name}_sum and ${sel.name}_count`;
    return `${head}${didYouMean(sel.name, names)}`;
  }
  for (const m of sel.matchers) {
    if (m.name === '__name__') continue;
    if (sameName.some((l) => matchLabels([m], l))) continue;
    const labelNames = [...new Set(sameName.flatMap((l) => Object.keys(l)))].filter((k) => k !== '__name__').sort();
    if (!labelNames.includes(m.name)) return `${head}; ${sel.name} has no label "${m.name}"${didYouMean(m.name, labelNames)} (its labels: ${labelNames.join(', ')})`;
    const values = [...new Set(sameName.map((l) => l[m.name] ?? ''))].filter(Boolean).sort();
    return `${head}; ${sel.name}{${m.name}} has the values ${values.map((v) => `"${v}"`).join(', ')}`;
  }
  return `${head}; each matcher fits some ${sel.name} series, but no series fits them all`;
}
