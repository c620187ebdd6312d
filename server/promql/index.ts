// Drillhall's PromQL: a Prometheus 3.x-compatible evaluator and alerting-rule
// state machine over an in-memory store, parsed with the official lezer
// grammar (@prometheus-io/lezer-promql) and evaluated in our own code.
//
// Supported: instant/range selectors (=, !=, =~, !~, offset), number/string
// literals (hex, Inf, NaN, durations as seconds), all arithmetic, comparison
// (with bool) and set operators with on/ignoring/group_left/group_right,
// aggregations sum avg min max count group stddev stdvar topk bottomk
// quantile count_values (by/without, prefix or postfix), and the functions
// listed in signatures.ts. Rejected at compile time with the feature named:
// subqueries, @, experimental modifiers/functions, native-histogram functions,
// duration arithmetic, limitk/limit_ratio.
//
// Everything a caller needs is re-exported here.
export { PromQLError } from './errors.js';
export type { Matcher, MatchType, ValueType } from './ast.js';
export type { Labels } from './labels.js';
export { matchLabels, labelsString, compareLabels } from './labels.js';
export { MemoryStore, StoredSeries, TimeColumn, storedLabels, type SeriesRef } from './storage.js';
export { compile, selectorsOf, parseSelector, type SelectorInfo } from './compile.js';
export { instantQuery, rangeQuery, LOOKBACK_DELTA_MS, type Compiled } from './eval.js';
export type { Value, Sample, Series, Point } from './values.js';
export { toApiData, type ApiData, type ApiSamplePair } from './api.js';
export { formatSampleValue } from './format.js';
export { renderTemplate, checkTemplate, TemplateError, type TemplateContext } from './template.js';
export {
  AlertRule,
  fingerprint,
  type AlertRuleSpec,
  type ActiveAlert,
  type AlertState,
  type AlertTransition,
  type AlertRuleSnapshot,
} from './alerting.js';
