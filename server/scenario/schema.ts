/**
 * The scenario file format, as one zod schema. The loader validates YAML against it, the JSON
 * Schema for editors is generated from it (`npm run schema`), and the engine trusts its output
 * type. Descriptions here become editor hover text, so they are written for scenario authors.
 */
import { z } from 'zod';
import { SEVERITIES } from '../../contract/commands.js';
import { LOG_LEVELS } from '../../contract/logs.js';
import { parseDuration } from '../../contract/duration.js';

const ID_RE = /^[a-z0-9][a-z0-9_-]*$/;
const id = (what: string) =>
  z.string().regex(ID_RE, `${what} must be lowercase letters, digits, "-" or "_" (like "checkout-db")`);

/** `90s`, `5m`, `1h30m` or a number of seconds; becomes seconds. */
export const Duration = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const s = parseDuration(v);
    if (s === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration; write it like 90s, 5m, 1h30m or 2d` });
      return z.NEVER;
    }
    return s;
  })
  .meta({ description: 'A duration: 90s, 5m, 1h30m, 2d, or a number of seconds.' });

const PositiveDuration = Duration.refine((s) => s > 0, 'must be longer than zero');
const NonNegDuration = Duration.refine((s) => s >= 0, 'must not be negative');

const LabelValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const Labels = z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'label names are letters, digits and "_"'), LabelValue);

export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** How a series moves when nothing is wrong. */
const GeneratorObject = z.strictObject({
  base: z.number().meta({ description: 'Typical value (per second for counters and histograms).' }),
  daily: z.number().min(0).max(1).default(0)
    .meta({ description: 'Daily swing as a fraction of base: 0.3 means +-30% over the day.' }),
  peak_hour: z.number().min(0).max(24).default(14).meta({ description: 'Hour of day (0-24) of the daily peak.' }),
  noise: z.number().min(0).default(0.02)
    .meta({ description: 'Seeded gaussian noise, relative standard deviation (0.05 = 5%).' }),
  min: z.number().optional().meta({ description: 'Floor for the generated value.' }),
  max: z.number().optional().meta({ description: 'Ceiling for the generated value.' }),
  integer: z.boolean().default(false).meta({ description: 'Round gauge values to whole numbers (ignored for counters and histograms).' }),
});
export const Generator = z.union([
  z.number().transform((base): z.output<typeof GeneratorObject> => GeneratorObject.parse({ base })),
  GeneratorObject,
]);
export type Generator = z.infer<typeof Generator>;

const Latency = z.strictObject({
  median: z.number().positive().meta({ description: 'Median latency in seconds.' }),
  p99: z.number().positive().meta({ description: '99th percentile latency in seconds (must exceed median).' }),
});

const SeriesDef = z.strictObject({
  labels: Labels.default({}),
  rate: Generator.optional().meta({ description: 'Counters and histograms: events per second.' }),
  value: Generator.optional().meta({ description: 'Gauges: the value.' }),
  latency: Latency.optional().meta({ description: 'Histograms: the healthy latency distribution (log-normal).' }),
});

export const Metric = z.strictObject({
  name: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'metric names are letters, digits, "_" and ":"'),
  type: z.enum(['counter', 'gauge', 'histogram']),
  help: z.string().default(''),
  buckets: z.array(z.number().positive()).optional()
    .meta({ description: 'Histogram bucket upper bounds in seconds (le); +Inf is added.' }),
  series: z.array(SeriesDef).min(1),
  reset_on_restart: z.boolean().default(true)
    .meta({ description: 'Counters: a restart action on the service resets this counter, as a process restart does. Set false for counters kept outside the process (kube-state-metrics).' }),
});
export type Metric = z.infer<typeof Metric>;

export const Shape = z.enum(['step', 'ramp', 'spike', 'decay']);

export const Effect = z.strictObject({
  series: z.string().meta({ description: 'A PromQL selector: which generated series this changes, e.g. http_requests_total{service="checkout",code="500"}.' }),
  shape: Shape.default('step').meta({ description: 'step: at once; ramp: grows over `over`; spike: only for `over`; decay: starts full, halves every `over`.' }),
  multiply: z.number().min(0).optional().meta({ description: 'Multiply the healthy value at full strength (12 = twelve times).' }),
  add: z.number().optional().meta({ description: 'Add to the healthy value at full strength.' }),
  over: PositiveDuration.optional().meta({ description: 'Ramp time, spike length or decay half-life.' }),
  delay: NonNegDuration.default(0).meta({ description: 'Wait this long after the fault (or action) starts.' }),
  target: z.enum(['rate', 'value', 'latency']).optional()
    .meta({ description: 'What to change: counters default to rate, gauges to value, histograms to latency.' }),
});
export type Effect = z.infer<typeof Effect>;

const FieldGen = z.union([
  z.strictObject({ choice: z.array(LabelValue).min(1) }),
  z.strictObject({ int: z.tuple([z.number(), z.number()]) }),
  z.strictObject({ float: z.tuple([z.number(), z.number()]), decimals: z.number().int().min(0).max(6).default(2) }),
  z.strictObject({ hex: z.number().int().min(1).max(32) }),
]);

export const LogTemplate = z.strictObject({
  service: z.string().optional().meta({ description: 'Service the line comes from (defaults to the fault\'s service).' }),
  level: z.enum(LOG_LEVELS).default('info'),
  every: Duration.refine((s) => s >= 0.1, 'must be at least 100ms; faster than that is not a log, it is a flood')
    .meta({ description: 'One line this often, with seeded jitter (at least 100ms).' }),
  template: z.string().meta({ description: 'Text with {field} placeholders filled from `fields`.' }),
  fields: z.record(z.string(), FieldGen).default({}),
});
export type LogTemplate = z.infer<typeof LogTemplate>;

const StartTrigger = z.strictObject({
  change: z.string().optional().meta({ description: 'Start after this change (deploy, config, flag) happens.' }),
  action: z.string().optional().meta({ description: 'Start after a trainee completes this action.' }),
  fault: z.string().optional().meta({ description: 'Start after this other fault starts.' }),
  delay: NonNegDuration.default(0),
});

export const Fault = z.strictObject({
  id: id('fault id'),
  title: z.string().meta({ description: 'What is really wrong. Only the facilitator sees this.' }),
  service: z.string().meta({ description: 'The service where the fault lives; cascades go to its dependents.' }),
  starts_at: NonNegDuration.optional().meta({ description: 'Sim time the fault starts.' }),
  starts_after: StartTrigger.optional(),
  lasts: PositiveDuration.optional().meta({ description: 'A transient fault clears by itself this long after it starts (then recovers over `recovery`).' }),
  effects: z.array(Effect).default([]),
  logs: z.array(LogTemplate).default([]).meta({ description: 'Log lines emitted while the fault is active.' }),
  cascade: z.strictObject({
    delay: NonNegDuration.default(60),
    factor: z.number().min(0).max(1).default(0.5)
      .meta({ description: 'How strongly dependents feel it at each hop (1 = as strongly).' }),
    depth: z.number().int().min(1).max(5).default(1),
    logs: z.array(LogTemplate.omit({ service: true })).default([])
      .meta({ description: 'Lines each affected dependent logs; {upstream} is the failing service.' }),
  }).optional().meta({ description: 'Spread the effects to services that depend on this one.' }),
  recovery: NonNegDuration.default(60).meta({ description: 'How long signals take to return to healthy once fixed.' }),
  mitigated_level: z.number().min(0).max(1).default(0.1)
    .meta({ description: 'Strength left while mitigated but not fixed (0.1 = 10%).' }),
});
export type Fault = z.infer<typeof Fault>;

export const Change = z.strictObject({
  id: id('change id'),
  at: Duration.meta({ description: 'Sim time; negative for history before the drill starts.' }),
  type: z.enum(['deploy', 'config', 'flag']),
  service: z.string(),
  summary: z.string(),
  author: z.string().default('deploy-bot'),
  version: z.string().optional(),
  diff: z.string().optional().meta({ description: 'The change itself, shown to trainees who open it.' }),
});
export type Change = z.infer<typeof Change>;

export const Inject = z.strictObject({
  id: id('inject id'),
  at: NonNegDuration.optional(),
  after: StartTrigger.optional(),
  from: z.string().meta({ description: 'Who sends it: "VP of Sales", "Customer support".' }),
  channel: z.enum(['chat', 'email', 'phone', 'ticket']).default('chat'),
  text: z.string(),
});
export type Inject = z.infer<typeof Inject>;

const Knowledge = z.strictObject({
  keywords: z.array(LabelValue.pipe(z.string().min(1))).min(1)
    .meta({ description: 'Words or phrases; the answer with the most matches in the question wins.' }),
  answer: z.string(),
});

export const Team = z.strictObject({
  name: z.string(),
  join_delay: NonNegDuration.default(180).meta({ description: 'How long after a page the team joins.' }),
  responders: z.array(z.strictObject({ name: z.string(), role: z.string().default('on-call') })).min(1),
  knowledge: z.array(Knowledge).default([]),
  fallback: z.string().default("I don't know that from here. Ask me about what my team owns."),
});
export type Team = z.infer<typeof Team>;

export const Service = z.strictObject({
  team: z.string(),
  depends_on: z.array(z.string()).default([]),
  description: z.string().default(''),
});

export const Runbook = z.strictObject({
  id: id('runbook id'),
  title: z.string(),
  service: z.string().optional(),
  actions: z.array(z.string()).default([]).meta({ description: 'Actions this runbook tells people to take.' }),
  body: z.string().meta({ description: 'Markdown.' }),
});

/**
 * Keys a JSON object may carry but a plain object cannot hold safely: zod's record drops an own
 * `"__proto__"` key without a word, and params are read from a plain object, where
 * `constructor` and `prototype` would find Object.prototype's. Refused as parameter names here
 * and as params keys in commands.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const Param = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/).refine((n) => !RESERVED_KEYS.has(n), "this name is reserved (__proto__, constructor, prototype); name the parameter something else"),
  label: z.string().optional(),
  type: z.enum(['choice', 'number', 'text']),
  choices: z.array(LabelValue).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  default: LabelValue.optional(),
});

const ActionFaultEffect = z.strictObject({
  fault: z.string(),
  effect: z.enum(['mitigate', 'resolve', 'worsen', 'trigger', 'none']),
  level: z.number().min(0).max(1).optional().meta({ description: 'mitigate: strength left (default: the fault\'s mitigated_level).' }),
  for: PositiveDuration.optional().meta({ description: 'mitigate: the relief wears off after this long.' }),
  factor: z.number().min(1).default(2).meta({ description: 'worsen: strength multiplier.' }),
  when: z.record(z.string(), LabelValue).optional().meta({ description: 'Only when the action\'s params have these values.' }),
});

export const Action = z.strictObject({
  id: id('action id'),
  label: z.string(),
  kind: z.enum(['rollback', 'restart', 'scale', 'failover', 'flag', 'config', 'custom']).default('custom'),
  service: z.string().optional(),
  takes: NonNegDuration.default(30),
  params: z.array(Param).default([]),
  requires: z.strictObject({
    teams: z.array(z.string()).default([]).meta({ description: 'Teams that must have joined first.' }),
    actions: z.array(z.string()).default([]).meta({ description: 'Actions that must have completed first.' }),
  }).optional(),
  effects: z.array(ActionFaultEffect).default([]),
  metrics: z.array(Effect).default([]).meta({ description: 'The action\'s own effect on signals (a restart blips availability).' }),
  outcome: z.string().default('Done.').meta({ description: 'Message shown when the action completes.' }),
});
export type Action = z.infer<typeof Action>;

export const AlertRule = z.strictObject({
  alert: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/),
  expr: z.string(),
  for: NonNegDuration.default(0),
  keep_firing_for: NonNegDuration.default(0),
  labels: Labels.default({}),
  annotations: z.record(z.string(), z.string()).default({}),
});
export type AlertRule = z.infer<typeof AlertRule>;

const Evidence = z.strictObject({
  id: z.string(),
  description: z.string(),
  metric: z.string().optional().meta({ description: 'A metric name; pinning a chart or query over it counts.' }),
  log: z.string().optional().meta({ description: 'Text in a log line; pinning such a line counts.' }),
  change: z.string().optional().meta({ description: 'A change id; pinning it counts.' }),
  team: z.string().optional().meta({ description: 'A team; pinning one of its answers counts.' }),
});

const RedHerring = z.strictObject({
  id: z.string().regex(ID_RE, 'red herring id must be lowercase letters, digits, "-" or "_"'),
  description: z.string().min(1).meta({ description: 'What it is, in words a report can quote: "the loyalty-svc v5.2.0 deploy two minutes before".' }),
  synonyms: z.array(z.string().min(1)).min(1).meta({ description: 'How people name it in a postmortem: "loyalty deploy", "v5.2.0", "balance cache".' }),
  change: z.string().optional().meta({ description: 'The change it is, if any: its id and version count as synonyms too.' }),
  fault: z.string().optional().meta({ description: 'The fault it is, if any (a transient or unrelated one).' }),
  alert: z.string().optional().meta({ description: 'The alert it is, if any: its name counts as a synonym too.' }),
});

const Window = z.strictObject({
  any_of: z.array(z.string()).min(1),
  within: PositiveDuration,
});

export const Weights = z.strictObject({
  detection: z.number().min(0).default(10),
  triage: z.number().min(0).default(10),
  escalation: z.number().min(0).default(10),
  mitigation: z.number().min(0).default(15),
  communication: z.number().min(0).default(10),
  root_cause: z.number().min(0).default(15),
  resolution: z.number().min(0).default(10),
  postmortem: z.number().min(0).default(15),
  follow_up: z.number().min(0).default(5),
});

export const Expected = z.strictObject({
  severity: Severity,
  alerts: z.array(z.string()).default([]).meta({ description: 'Alerts the team should see and acknowledge.' }),
  acknowledge_within: PositiveDuration.default(300),
  declare_within: PositiveDuration.default(600),
  page: z.array(z.string()).default([]),
  page_within: PositiveDuration.default(900),
  mitigate: Window.optional(),
  fix: Window,
  harmful: z.array(z.string()).default([]),
  impact_count: z.strictObject({
    counter: z.string().meta({ description: 'A counter selector whose increase over the incident is the number of things that failed: notify_dispatch_total{result="failed"}.' }),
    what: z.string().min(1).meta({ description: 'What it counts, in the plural: "failed sends".' }),
  }).optional().meta({ description: 'What a postmortem\'s impact should count, when it is not HTTP 5xx responses (the default, from http_requests_total{code=~"5.."}).' }),
  customer_impact: z.array(z.string()).default([]).meta({ description: 'Faults whose strength is the customers\' pain: "service restored" is how much of it the team\'s actions removed. Default: the faults every expected mitigation relieves.' }),
  root_cause: z.array(z.array(z.string().min(1)).min(1)).min(1)
    .meta({ description: 'Concepts a hypothesis must mention; each is a list of synonyms.' }),
  red_herrings: z.array(RedHerring).default([])
    .meta({ description: 'What looks guilty and is not: a postmortem that names one as the root cause loses its root-cause credit, and its other sections count a fifth.' }),
  evidence: z.array(Evidence).default([]),
  status_updates: z.strictObject({ every: PositiveDuration, external: z.boolean().default(true) }).optional()
    .meta({ description: 'Cadence; the default depends on severity (SEV1 15m, SEV2 30m, SEV3 60m, SEV4 none).' }),
  docs_to_update: z.array(z.string()).default([]).meta({ description: 'Runbook ids that the team should flag for updating.' }),
  action_item_categories: z.array(z.enum(['detection', 'prevention', 'mitigation', 'process', 'documentation', 'testing'])).default([]),
  weights: Weights.default(Weights.parse({})),
});
export type Expected = z.infer<typeof Expected>;

export const ScriptStep = z.strictObject({
  at: NonNegDuration,
  command: z.record(z.string(), z.unknown()).meta({ description: 'A command, e.g. { type: ack_alert, alert: HighLatency }.' }),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  id: id('scenario id'),
  title: z.string().min(1),
  summary: z.string().min(1),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  duration: PositiveDuration.meta({ description: 'Expected drill length in sim time.' }),
  tags: z.array(z.string()).default([]),
  objectives: z.array(z.string()).min(1).meta({ description: 'Learning objectives, answers included: what the team should learn from this incident. Only the facilitator sees them.' }),
  skills: z.array(z.string()).default([]).meta({ description: 'What trainees are told they will practise, shown on the scenario card and in the briefing. Skills, not answers: name no cause, fix or fault ("Follow a cascade to its source", not "Find the exhausted connection pool").' }),
  briefing: z.string().min(1).meta({ description: 'Markdown trainees read before the clock starts.' }),
  settings: z.strictObject({
    scrape_interval: Duration.refine((s) => s >= 1, 'must be at least 1s, as a real Prometheus scrape is').default(15),
    evaluation_interval: Duration.refine((s) => s >= 1, 'must be at least 1s, as a real rule evaluation is').default(15),
    verification_window: PositiveDuration.default(300),
    start_hour: z.number().min(0).max(24).default(14).meta({ description: 'Hour of day at sim time 0.' }),
    recommended_speed: z.number().min(1, 'must be 1x to 120x').max(120, 'must be 1x to 120x').default(1).meta({ description: 'The speed the facilitator\'s clock starts at (sim seconds per wall second), and the speed a fast-forward to the first alert drops back to. 1 (real time) unless the scenario is slow to unfold.' }),
  }).default({ scrape_interval: 15, evaluation_interval: 15, verification_window: 300, start_hour: 14, recommended_speed: 1 }),
  services: z.record(id('service name'), Service),
  teams: z.record(id('team id'), Team),
  metrics: z.array(Metric).min(1),
  faults: z.array(Fault).min(1),
  alerts: z.array(AlertRule).default([]),
  logs: z.array(LogTemplate.required({ service: true }).extend({
    muted_by: z.array(z.string()).default([])
      .meta({ description: 'Faults that silence this healthy line while they are in effect (a request log stops when requests stop).' }),
  })).default([]),
  changes: z.array(Change).default([]),
  injects: z.array(Inject).default([]),
  runbooks: z.array(Runbook).default([]),
  actions: z.array(Action).min(1),
  expected: Expected,
  scripts: z.record(z.string(), z.array(ScriptStep))
    .refine((s) => 'golden' in s && 'idle' in s, 'scripts needs at least "golden" and "idle"'),
});

/** A scenario after validation: durations are seconds, defaults filled in. */
export type Scenario = z.infer<typeof ScenarioSchema>;
