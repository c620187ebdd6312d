import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, MAX_SCENARIO_BYTES, parseScenario, type ScenarioProblem } from '../../server/scenario/loader.js';
import { edit, EXAMPLE_TEXT, locate, mustParse } from '../helpers/scenario.js';

/** The problems of a text that must not validate. */
function problems(text: string): ScenarioProblem[] {
  const r = parseScenario(text, 'bad.yaml');
  if (r.ok) throw new Error('expected the scenario to be invalid');
  return [...r.problems];
}

/** Assert one problem at exactly this place with a message matching `re`. */
function expectProblem(text: string, where: { line: number; col: number }, re: RegExp): void {
  const ps = problems(text);
  const hit = ps.find((p) => p.line === where.line && p.col === where.col);
  expect(hit, `no problem at ${where.line}:${where.col}; got:\n${ps.map((p) => `${p.line}:${p.col}: ${p.message}`).join('\n')}`).toBeDefined();
  expect(hit!.message).toMatch(re);
  expect(hit!.file).toBe('bad.yaml');
}

describe('the built-in example scenario', () => {
  it('validates and fills in defaults', () => {
    const s = mustParse(EXAMPLE_TEXT);
    expect(s.id).toBe('checkout-db-pool');
    expect(s.duration).toBe(2700);
    expect(s.teams.payments!.join_delay).toBe(120);
    expect(s.expected.weights.detection).toBe(10);
  });
});

describe('YAML-level errors', () => {
  it('reports a syntax error where it is', () => {
    const text = edit(EXAMPLE_TEXT, 'difficulty: medium', 'difficulty: [medium');
    const ps = problems(text);
    expect(ps[0]!.message).toMatch(/^YAML: /);
    expect(ps[0]!.line).toBeGreaterThanOrEqual(locate(text, 'difficulty: [medium').line);
  });

  it('reports a duplicate key at the second one', () => {
    const text = edit(EXAMPLE_TEXT, 'difficulty: medium\n', 'difficulty: medium\ndifficulty: hard\n');
    expectProblem(text, locate(text, 'difficulty: hard'), /appears twice/);
  });

  it('refuses an alias bomb quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const started = process.hrtime.bigint();
    const ps = problems(lines.join('\n'));
    expect(ps[0]!.message).toMatch(/alias bomb/);
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(30); // a hang would never return
  });

  it('refuses deep nesting', () => {
    const text = `id: x\nnested: ${'['.repeat(200)}${']'.repeat(200)}\n`;
    const ps = problems(text);
    expect(ps.some((p) => /nesting deeper than/.test(p.message) || /YAML/.test(p.message))).toBe(true);
  });

  it('refuses files over the size limit', () => {
    const ps = problems(`# ${'x'.repeat(MAX_SCENARIO_BYTES)}\n`);
    expect(ps[0]).toMatchObject({ line: 1, col: 1 });
    expect(ps[0]!.message).toMatch(/limited to/);
  });

  it('refuses a file that is not a mapping', () => {
    expect(problems('- just\n- a list\n')[0]!.message).toMatch(/must be a YAML mapping/);
  });
});

describe('schema errors name the exact place', () => {
  it('unknown key with a did-you-mean', () => {
    const text = edit(EXAMPLE_TEXT, 'checkout: { team: payments, depends_on', 'checkout: { team: payments, depend_on');
    expectProblem(text, locate(text, 'depend_on'), /unknown key "depend_on" in services\.checkout; did you mean "depends_on"\?/);
  });

  it('unknown top-level key', () => {
    const text = edit(EXAMPLE_TEXT, 'tags: [', 'tagz: [');
    expectProblem(text, locate(text, 'tagz'), /unknown key "tagz"; did you mean "tags"\?/);
  });

  it('wrong type', () => {
    const text = edit(EXAMPLE_TEXT, 'title: Checkout slows down on a busy afternoon', 'title: [a, b]');
    expectProblem(text, locate(text, '[a, b]'), /title: expected text, found a list/);
  });

  it('missing required key points at the parent', () => {
    const text = edit(EXAMPLE_TEXT, '    name: Payments\n', '');
    expectProblem(text, locate(text, 'join_delay: 2m', 0, 0), /missing required key "name" in teams\.payments/);
  });

  it('enum value with a suggestion', () => {
    const text = edit(EXAMPLE_TEXT, 'difficulty: medium', 'difficulty: medum');
    expectProblem(text, locate(text, 'medum'), /"medum" is not one of "easy", "medium", "hard"; did you mean "medium"\?/);
  });

  it('bad duration', () => {
    const text = edit(EXAMPLE_TEXT, 'duration: 45m', 'duration: 45 minutes');
    expectProblem(text, locate(text, '45 minutes'), /"45 minutes" is not a duration/);
  });
});

describe('semantic errors name the exact place', () => {
  it('an action naming an unknown fault', () => {
    const text = edit(EXAMPLE_TEXT, '- { fault: pool-exhaustion, effect: resolve }', '- { fault: pool-exhaustoin, effect: resolve }');
    expectProblem(text, locate(text, 'pool-exhaustoin'), /unknown fault "pool-exhaustoin"; did you mean "pool-exhaustion"\?/);
  });

  it('a service owned by a team that does not exist', () => {
    const text = edit(EXAMPLE_TEXT, 'checkout: { team: payments,', 'checkout: { team: paymants,');
    expectProblem(text, locate(text, 'paymants'), /unknown team "paymants"; did you mean "payments"\?/);
  });

  it('an alert on a series that no generator makes, at the selector', () => {
    const text = edit(EXAMPLE_TEXT, 'expr: up{service="orders-db"} == 0', 'expr: upp{service="orders-db"} == 0');
    expectProblem(text, locate(text, 'upp{'), /no generated series matches upp\{service="orders-db"\}; did you mean "up"\?/);
  });

  it('a PromQL function that is not supported, at the function', () => {
    const text = edit(EXAMPLE_TEXT, 'expr: up{service="orders-db"} == 0', 'expr: sort_by_label(up{service="orders-db"}, "service") == 0');
    expectProblem(text, locate(text, 'sort_by_label'), /unsupported function "sort_by_label"/);
  });

  it('a PromQL error inside a block scalar points into the block', () => {
    const text = edit(EXAMPLE_TEXT, '/ sum(rate(http_requests_total{service="checkout"}[5m])) > 0.02', '/ sum(rate(http_requests_total{service="checkout"}[5m])) > > 0.02');
    const ps = problems(text);
    expect(ps).toHaveLength(1);
    expect(ps[0]!.line).toBe(locate(text, '> > 0.02').line);
  });

  it('a selector whose label does not fit says which label and what values exist', () => {
    const text = edit(EXAMPLE_TEXT, 'expr: up{service="orders-db"} == 0', 'expr: up{svc="orders-db"} == 0');
    expectProblem(text, locate(text, 'up{svc='), /up has no label "svc" \(its labels: service\)/);
    const text2 = edit(EXAMPLE_TEXT, 'expr: up{service="orders-db"} == 0', 'expr: up{service="orders"} == 0');
    expectProblem(text2, locate(text2, 'up{service="orders"}'), /up\{service\} has the values "checkout", "orders-db", "web"/);
  });

  it('a histogram used by its base name points at _bucket', () => {
    const text = edit(EXAMPLE_TEXT, 'rate(http_request_duration_seconds_bucket{service="checkout"}[5m])', 'rate(http_request_duration_seconds{service="checkout"}[5m])');
    expectProblem(text, locate(text, 'http_request_duration_seconds{service="checkout"}[5m]'), /is a histogram, exposed as http_request_duration_seconds_bucket/);
  });

  it('a number where text is expected suggests quotes', () => {
    const text = edit(EXAMPLE_TEXT, 'version: v2.3.9', 'version: 2.10');
    expectProblem(text, locate(text, '2.10'), /expected text, found 2\.1 \(put it in quotes to keep it as text\)/);
  });

  it('a selector in a fault effect that matches nothing', () => {
    const text = edit(EXAMPLE_TEXT, 'series: pg_stat_activity_count{service="orders-db"}', 'series: pg_stat_activity_count{service="orders"}');
    expectProblem(text, locate(text, 'pg_stat_activity_count{service="orders"}'), /no generated series matches/);
  });

  it('a log template using an undefined field, at the placeholder', () => {
    const text = edit(EXAMPLE_TEXT, 'template: "cache get product:{id} hit=true"', 'template: "cache get product:{idd} hit=true"');
    expectProblem(text, locate(text, '{idd}'), /no field "idd" is defined; did you mean "id"\?/);
  });

  it('a script command that is not in the vocabulary', () => {
    const text = edit(EXAMPLE_TEXT, '{ at: 32m, command: { type: verify } }', '{ at: 32m, command: { type: verfy } }');
    expect(problems(text).some((p) => p.line === locate(text, 'type: verfy').line && /invalid command/.test(p.message))).toBe(true);
  });

  it('a script paging a team that does not exist', () => {
    const text = edit(EXAMPLE_TEXT, 'command: { type: page_team, team: payments }', 'command: { type: page_team, team: paymens }');
    expectProblem(text, locate(text, 'paymens'), /unknown team "paymens"; did you mean "payments"\?/);
  });

  it('a dependency cycle', () => {
    const text = edit(EXAMPLE_TEXT, 'catalog: { team: catalog, description', 'catalog: { team: catalog, depends_on: [web], description');
    expect(problems(text).some((p) => /cycle: .*web.*catalog.*web|cycle: .*catalog.*web.*catalog/.test(p.message))).toBe(true);
  });

  it('reports every problem, not only the first', () => {
    let text = edit(EXAMPLE_TEXT, 'checkout: { team: payments,', 'checkout: { team: paymants,');
    text = edit(text, '- { fault: pool-exhaustion, effect: resolve }', '- { fault: nope, effect: resolve }');
    expect(problems(text).length).toBeGreaterThanOrEqual(2);
  });
});

describe('loadScenarioFile', () => {
  it('says when the file is missing', async () => {
    const r = await loadScenarioFile('/nonexistent/dir/x.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/no such file/);
  });

  it('reads a real file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dh-'));
    const f = join(dir, 's.yaml');
    writeFileSync(f, EXAMPLE_TEXT);
    const r = await loadScenarioFile(f);
    expect(r.ok).toBe(true);
  });
});
