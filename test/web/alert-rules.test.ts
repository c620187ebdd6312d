/**
 * Alert rules read in the browser (web/components/room/alert-rules.ts): thresholds come out
 * right for every operator and for `NUMBER op LHS`, rules that do not split cleanly give none,
 * a chart is matched to the quantity a rule watches, and values are written as Prometheus's
 * template functions write them (checked against the server's own implementations).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { humanize, humanizeDuration, humanizePercentage } from '../../server/promql/gofmt.js';
import { renderTemplate } from '../../server/promql/template.js';
import {
  constant, g4, quantityKey, renderAnnotation, scaleOf, seriesOfInstance, splitRule, thresholdOf, valueFormat, windowSeconds,
} from '../../web/components/room/alert-rules.js';
import { mustParse, SCENARIO_DIR } from '../helpers/scenario.js';

const P99 = 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[5m])))';
const POOL = 'db_pool_connections_in_use{service="checkout"} / db_pool_connections_max{service="checkout"}';

describe('splitting a rule into quantity, operator and threshold', () => {
  it('reads each ordering operator with the number on the right', () => {
    expect(thresholdOf(`${P99} > 1`)).toEqual({ quantity: P99, op: '>', value: 1 });
    expect(thresholdOf(`${POOL} >= 0.9`)).toEqual({ quantity: POOL, op: '>=', value: 0.9 });
    expect(thresholdOf('sum(rate(x[2m])) < 5')).toEqual({ quantity: 'sum(rate(x[2m]))', op: '<', value: 5 });
    expect(thresholdOf('max(y) <= 0.25')).toEqual({ quantity: 'max(y)', op: '<=', value: 0.25 });
  });

  it('turns NUMBER op LHS around, so the quantity is always on the left', () => {
    expect(thresholdOf(`1 < ${P99}`)).toEqual({ quantity: P99, op: '>', value: 1 });
    expect(thresholdOf('0.9 <= x')).toEqual({ quantity: 'x', op: '>=', value: 0.9 });
    expect(thresholdOf('5 > x')).toEqual({ quantity: 'x', op: '<', value: 5 });
    expect(thresholdOf('5 >= x')).toEqual({ quantity: 'x', op: '<=', value: 5 });
  });

  it('takes constant sides in parentheses or as products, and numbers in any notation', () => {
    expect(thresholdOf('a / b > (14.4 * 0.001)')?.value).toBeCloseTo(0.0144);
    expect(thresholdOf('x > 1e3')?.value).toBe(1000);
    expect(thresholdOf('x > -2')?.value).toBe(-2);
    expect(thresholdOf('x > 100 / 4')?.value).toBe(25);
    expect(constant('(2 * 3) / (4 * 5)')).toBeUndefined();
  });

  it('keeps comparison characters inside selectors, strings and groupings out of it', () => {
    const expr = 'sum by (zone) (rate(coredns_dns_responses_total{rcode="NXDOMAIN",x!="a>b"}[5m])) / sum by (zone) (rate(coredns_dns_responses_total{rcode=~"N.*"}[5m])) > 0.5';
    expect(thresholdOf(expr)).toEqual({ quantity: expr.slice(0, -6), op: '>', value: 0.5 });
  });

  it('skips what it cannot split cleanly', () => {
    for (const expr of [
      'absent(up{job="x"})',
      'up == 0',
      'probe_success != 1',
      'x > bool 1',
      'a > b',
      '1 > 2',
      'increase(restarts[10m]) > 0.5 and ignoring(reason) last_reason{reason="OOMKilled"} == 1',
      'count by (zone) (up == 0) / count by (zone) (up) > 0.5 unless on (zone) max by (zone) (shift) == 1',
      'x > 1 or y > 2',
      'x > 1 < 5',
      'x > on(a) group_left y',
      'x > 1 + 1',
      'x > time()',
    ]) expect(thresholdOf(expr), expr).toBeUndefined();
    // equality is no threshold line, but still splits for reading the value
    expect(splitRule('up{service="x"} == 0')).toEqual({ quantity: 'up{service="x"}', op: '==', value: 0 });
  });

  it('splits what every built-in scenario alerts on, with no line it cannot stand behind', () => {
    const counts = { split: 0, skipped: 0 };
    for (const f of readdirSync(SCENARIO_DIR).filter((n) => n.endsWith('.yaml'))) {
      for (const rule of mustParse(readFileSync(`${SCENARIO_DIR}${f}`, 'utf8'), f).alerts) {
        const t = thresholdOf(rule.expr);
        if (!t) { counts.skipped++; continue; }
        counts.split++;
        expect(rule.expr.replace(/\s+/g, ' ')).toContain(t.quantity.replace(/\s+/g, ' '));
        expect(Number.isFinite(t.value)).toBe(true);
      }
    }
    // skipped: up == 0 (three), probe_success == 0, the OOM `and`, the two zone `unless` rules
    expect(counts).toEqual({ split: 48, skipped: 7 });
  });
});

describe('which charts plot a rule’s quantity', () => {
  it('matches across rate windows, matcher order, whitespace and a percent chart’s 100 *', () => {
    expect(scaleOf(P99.replace('[5m]', '[1m]'), P99)).toBe(1);
    const rule = 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[5m]))\n  / sum(rate(http_requests_total{service="checkout"}[5m]))';
    expect(scaleOf('100 * sum(rate(http_requests_total{code=~"5..",service="checkout"}[1m])) / sum(rate(http_requests_total{service="checkout"}[1m]))', rule)).toBe(100);
    expect(scaleOf(`100 * (${POOL})`, POOL)).toBe(100);
    expect(scaleOf(`(${POOL})`, POOL)).toBe(1);
  });

  it('does not match something else', () => {
    expect(scaleOf('sum by (code) (rate(http_requests_total{service="checkout"}[1m]))', 'sum(rate(http_requests_total{service="checkout"}[2m]))')).toBeUndefined();
    expect(scaleOf('100 * a - b', 'a - b')).toBeUndefined();
    expect(scaleOf('(a) / (b)', 'a) / (b')).toBeUndefined();
    expect(quantityKey('x{a="1 2"}').key).toBe('x{a="1 2"}');
  });

  it('knows where the longest range window fills', () => {
    expect(windowSeconds(P99)).toBe(300);
    expect(windowSeconds('rate(a[2m]) / rate(b[1h:1m])')).toBe(3600);
    expect(windowSeconds('up')).toBe(0);
  });
});

describe('an alert instance’s series and value', () => {
  it('finds the series whose labels are the instance’s, bar the rule’s own', () => {
    const results = [{ metric: { pool: 'a', service: 'checkout' }, v: 1 }, { metric: { pool: 'b', service: 'checkout' }, v: 2 }];
    expect(seriesOfInstance(results, { alertname: 'X', pool: 'b', service: 'checkout', severity: 'page' }, { severity: 'page' })?.v).toBe(2);
    expect(seriesOfInstance([{ metric: { severity: 'other' } }], { severity: 'page' }, { severity: 'page' })).toBeDefined();
    expect(seriesOfInstance([{ metric: {} }], { alertname: 'X' }, {})).toBeDefined();
    expect(seriesOfInstance(results, { pool: 'c' }, {})).toBeUndefined();
  });

  it('writes values as Prometheus’s humanize functions do', () => {
    // (not exact decimal ties such as 1234.5: JavaScript rounds those up, Go to even)
    const values = [0, 1, 0.5, 0.93333, 1.23456, 999.96, 1234.56, 1234567, 0.000123, 15, 125.5, 3725, 90061, -42, 1e-7, 99.996, 150, 0.0612345];
    const pct = valueFormat('{{ $value | humanizePercentage }} used')!;
    const num = valueFormat('p99 is {{ $value | humanize }}')!;
    const dur = valueFormat('waited {{ .Value | humanizeDuration }}')!;
    for (const v of values) {
      expect(pct(v), String(v)).toBe(humanizePercentage(v));
      expect(num(v), String(v)).toBe(humanize(v));
      expect(dur(v), String(v)).toBe(humanizeDuration(v));
    }
    expect(g4(15000)).toBe('1.5e+04');
    expect(g4(0.0000123)).toBe('1.23e-05');
  });

  it('keeps the unit the template writes right after the value, and knows when it cannot', () => {
    expect(valueFormat('Checkout p99 latency is {{ $value | humanize }}s')!(1.23456)).toBe('1.235s');
    expect(valueFormat('{{ $value | humanize }} messages behind')!(12345)).toBe('12.35k');
    expect(valueFormat('restarted {{ $value | printf "%.0f" }} times')).toBeUndefined();
    expect(valueFormat('orders-db is not answering scrapes')).toBeUndefined();
    expect(valueFormat(undefined)).toBeUndefined();
  });

  it('renders every built-in summary it can exactly as the server does, and declines the rest', () => {
    const labels = { pool: 'orders', zone: 'eu-west-1a', consumergroup: 'fulfillment', topic: 'order-events', queue: 'q', instance: 'ip-1:9100', upstream: 'payments', ingress: 'gw-a', name: 'http-nio-8080', container: 'app', pod: 'p-1' };
    let rendered = 0;
    let declined = 0;
    for (const f of readdirSync(SCENARIO_DIR).filter((n) => n.endsWith('.yaml'))) {
      for (const rule of mustParse(readFileSync(`${SCENARIO_DIR}${f}`, 'utf8'), f).alerts) {
        for (const tpl of Object.values(rule.annotations)) {
          for (const v of [0.0042, 0.93333, 1.23456, 125.5, 54321]) {
            const mine = renderAnnotation(tpl, labels, v);
            if (mine === undefined) { declined++; continue; }
            rendered++;
            expect(mine, `${rule.alert}: ${tpl}`).toBe(renderTemplate(tpl, { labels, value: v }));
          }
        }
      }
    }
    // printf "%.0f" (two rules) is left to the server's text
    expect(declined).toBe(10);
    expect(rendered).toBeGreaterThan(200);
    expect(renderAnnotation('{{ if gt $value 1.0 }}high{{ end }}', {}, 2)).toBeUndefined();
    expect(renderAnnotation('{{ $value }}', {}, 2)).toBeUndefined();
  });
});
