import { describe, expect, it } from 'vitest';
import { TemplateError, checkTemplate, renderTemplate } from '../../server/promql/index.js';
import { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp, sprintf } from '../../server/promql/gofmt.js';

const ctx = { labels: { __name__: 'http_errors', service: 'checkout', instance: 'a:9090' }, value: 0.1234 };

describe('humanize functions (Prometheus template semantics)', () => {
  it.each([
    [1234567, '1.235M'],
    [1000, '1k'],
    [999, '999'],
    [0.00123, '1.23m'],
    [0.000001234, '1.234u'],
    [0, '0'],
    [-2500, '-2.5k'],
    [Infinity, '+Inf'],
  ])('humanize(%d) = %s', (v, want) => {
    expect(humanize(v)).toBe(want);
  });

  it('humanize1024, humanizePercentage, humanizeTimestamp', () => {
    expect(humanize1024(2048)).toBe('2ki');
    expect(humanize1024(1)).toBe('1');
    expect(humanize1024(1536 * 1024 * 1024)).toBe('1.5Gi');
    expect(humanizePercentage(0.1234)).toBe('12.34%');
    expect(humanizePercentage(1)).toBe('100%');
    expect(humanizeTimestamp(1435065584.128)).toBe('2015-06-23 13:19:44.128 +0000 UTC');
    expect(humanizeTimestamp(0)).toBe('1970-01-01 00:00:00 +0000 UTC');
  });

  it.each([
    [0, '0s'],
    [0.25, '250ms'],
    [0.0012, '1.2ms'],
    [5.5, '5.5s'],
    [65, '1m 5s'],
    [3725.5, '1h 2m 5s'],
    [90061, '1d 1h 1m 1s'],
    [-65, '-1m 5s'],
  ])('humanizeDuration(%d) = %s', (v, want) => {
    expect(humanizeDuration(v)).toBe(want);
  });
});

describe('sprintf (Go fmt)', () => {
  it('formats floats with Go rounding and reports bad verbs like Go', () => {
    expect(sprintf('%.2f', [{ k: 'float', v: 0.125 }])).toBe('0.12');
    expect(sprintf('%.1f%%', [{ k: 'float', v: 99.95 }])).toBe('100.0%');
    expect(sprintf('%5.1f|%-6s|', [{ k: 'float', v: 3.14159 }, { k: 'string', v: 'ab' }])).toBe('  3.1|ab    |');
    expect(sprintf('%d', [{ k: 'float', v: 5 }])).toBe('%!d(float64=5)');
    expect(sprintf('%s %s', [{ k: 'string', v: 'a' }])).toBe('a %!s(MISSING)');
    expect(sprintf('%v', [{ k: 'float', v: 1e6 }, { k: 'int', v: 2 }])).toBe('1e+06%!(EXTRA int=2)');
    expect(sprintf('%g %e %q', [{ k: 'float', v: 0.5 }, { k: 'float', v: 1500 }, { k: 'string', v: 'x' }])).toBe('0.5 1.500000e+03 "x"');
  });
});

describe('renderTemplate', () => {
  it('expands $labels, .Labels, $value and .Value', () => {
    expect(renderTemplate('{{ $labels.service }} / {{ .Labels.instance }}: {{ $value }} {{ .Value }}', ctx)).toBe(
      'checkout / a:9090: 0.1234 0.1234',
    );
  });

  it('prints $value with Go %v formatting', () => {
    expect(renderTemplate('{{ $value }}', { labels: {}, value: 1234567 })).toBe('1.234567e+06');
    expect(renderTemplate('{{ $value }}', { labels: {}, value: 100000 })).toBe('100000');
  });

  it('supports pipes, printf and humanize', () => {
    expect(renderTemplate('{{ $value | humanizePercentage }}', ctx)).toBe('12.34%');
    expect(renderTemplate('{{ humanize 1234567 }}', ctx)).toBe('1.235M');
    expect(renderTemplate('{{ printf "%.2f" $value }}', ctx)).toBe('0.12');
    expect(renderTemplate('{{ $value | printf "%.3f" }}', ctx)).toBe('0.123');
    expect(renderTemplate('{{ .Value | humanizeDuration }}', { labels: {}, value: 3725.5 })).toBe('1h 2m 5s');
    expect(renderTemplate('{{ $labels.service | toUpper }}', ctx)).toBe('CHECKOUT');
    expect(renderTemplate('{{ index $labels "instance" }}', ctx)).toBe('a:9090');
    expect(renderTemplate('{{ reReplaceAll ":.*" "" $labels.instance }}', ctx)).toBe('a');
    expect(renderTemplate('{{ reReplaceAll "(.*):(.*)" "${2}@$1" $labels.instance }}', ctx)).toBe('9090@a');
  });

  it('renders a missing label as empty and exposes external labels', () => {
    expect(renderTemplate('[{{ $labels.nope }}]', ctx)).toBe('[]');
    expect(renderTemplate('{{ $externalLabels.cluster }}', { ...ctx, externalLabels: { cluster: 'eu1' } })).toBe('eu1');
  });

  it('supports if / else if / else and comparisons', () => {
    const t = '{{ if gt $value 0.5 }}critical{{ else if gt $value 0.1 }}warning{{ else }}info{{ end }}';
    expect(renderTemplate(t, { labels: {}, value: 0.9 })).toBe('critical');
    expect(renderTemplate(t, { labels: {}, value: 0.2 })).toBe('warning');
    expect(renderTemplate(t, { labels: {}, value: 0 })).toBe('info');
    expect(renderTemplate('{{ if eq $labels.service "checkout" }}yes{{ end }}', ctx)).toBe('yes');
    expect(renderTemplate('{{ if and $labels.service (not $labels.nope) }}ok{{ end }}', ctx)).toBe('ok');
  });

  it('trims whitespace around {{- and -}} and skips comments', () => {
    expect(renderTemplate('a  {{- $labels.service -}}  b{{/* note */}}', ctx)).toBe('acheckoutb');
  });

  it('renders evaluation errors the way Prometheus does, without throwing', () => {
    expect(renderTemplate('{{ humanize $labels.service }}', ctx)).toMatch(/^<error expanding template: .*invalid syntax>$/);
    expect(renderTemplate('{{ if gt $value 1 }}x{{ end }}', ctx)).toBe('<error expanding template: incompatible types for comparison>');
  });
});

describe('checkTemplate', () => {
  function templateError(tpl: string): TemplateError {
    try {
      checkTemplate(tpl);
    } catch (e) {
      if (e instanceof TemplateError) return e;
      throw e;
    }
    throw new Error(`expected ${tpl} to be rejected`);
  }

  it.each([
    ['x {{ range $labels }}{{ end }}', 'unsupported template construct "range"', 5],
    ['{{ query "up" }}', 'unsupported template function "query"', 3],
    ['{{ $foo }}', 'undefined variable "$foo"', 3],
    ['{{ nosuch 1 }}', 'function "nosuch" not defined', 3],
    ['{{ $x := 1 }}', 'unsupported template construct: variable declarations', 3],
    ['hello {{ $value', 'unclosed action', 6],
    ['{{ if true }}x', 'missing {{ end }}', 3],
    ['{{ end }}', 'unexpected {{end}}', 3],
    ['{{ }}', 'missing value for command', 2],
  ])('%s', (tpl, message, offset) => {
    const e = templateError(tpl);
    expect(e.message).toContain(message);
    expect(e.offset).toBe(offset);
  });

  it('accepts the usual alert templates', () => {
    expect(() => checkTemplate('{{ $labels.service }} error rate is {{ $value | humanizePercentage }} (> 5%)')).not.toThrow();
    expect(() => checkTemplate('{{- if gt $value 0.5 -}} crit {{- end }}')).not.toThrow();
    expect(() => checkTemplate('plain text, no actions')).not.toThrow();
  });
});
