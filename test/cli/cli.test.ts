import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { edit, EXAMPLE_FILE, EXAMPLE_TEXT, locate, SCENARIO_DIR } from '../helpers/scenario.js';

const BIN = fileURLToPath(new URL('../../bin/drillhall.js', import.meta.url));
const run = promisify(execFile);

/** Run the real `drillhall` binary as a user would; never throws on a non-zero exit. */
async function drillhall(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function tmpFile(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'dh-cli-')), name);
  writeFileSync(f, text);
  return f;
}

describe('drillhall validate', () => {
  it('exits 0 for the built-in scenarios', async () => {
    const r = await drillhall('validate', EXAMPLE_FILE);
    expect(r.stderr).toMatch(/1 scenario valid/);
    expect(r.code).toBe(0);
  });

  it('warns, pointing at the words, when text trainees read early gives the answer away (exit 0; 1 with --strict)', async () => {
    const told = edit(EXAMPLE_TEXT, 'title: Checkout slows down on a busy afternoon', 'title: Checkout slows down after a config change');
    const f = tmpFile('told.yaml', told);
    const r = await drillhall('validate', f);
    const at = locate(told, 'after a config change', 0, 'after a '.length);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${f}:${at.line}:${at.col}: warning: title names root-cause concept "config change" ("config change"); trainees read it before the first alert, so describe the system, not the answer`,
    ]);
    expect([r.code, r.stderr]).toEqual([0, '1 scenario valid; 1 with warnings\n']);
    expect((await drillhall('validate', '--strict', f)).code).toBe(1);
    expect((await drillhall('validate', '--strict', EXAMPLE_FILE)).code).toBe(0);
  });

  it('exits 1 and prints file:line:col: message per problem', async () => {
    const bad = edit(EXAMPLE_TEXT, 'checkout: { team: payments,', 'checkout: { team: paymants,');
    const f = tmpFile('bad.yaml', bad);
    const r = await drillhall('validate', EXAMPLE_FILE, f);
    expect(r.code).toBe(1);
    const { line, col } = locate(bad, 'paymants');
    expect(r.stdout.trim().split('\n')).toEqual([`${f}:${line}:${col}: unknown team "paymants"; did you mean "payments"?`]);
  });
});

describe('drillhall simulate', () => {
  it('prints the same JSON for the same seed, byte for byte', async () => {
    const a = await drillhall('simulate', EXAMPLE_FILE, '--seed', '7', '--script', 'golden', '--json');
    const b = await drillhall('simulate', EXAMPLE_FILE, '--seed', '7', '--script', 'golden', '--json');
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(report.alerts.length).toBeGreaterThan(0);
    for (const al of report.alerts) {
      expect(al).toEqual({ name: expect.any(String), labels: expect.any(Object), firedAt: expect.any(Number), resolvedAt: al.resolvedAt === null ? null : expect.any(Number) });
    }
    expect(report.events.length).toBeGreaterThan(10);
  });

  it('runs an action script file and prints a readable timeline', async () => {
    const f = tmpFile('actions.yaml', '- at: 9m\n  command: { type: declare_incident, severity: SEV3 }\n- at: 10m\n  command: { type: page_team, team: dba }\n');
    const r = await drillhall('simulate', EXAMPLE_FILE, '--seed', '1', '--actions', f, '--until', '20m');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/T\+00:09:00 {2}INCIDENT {2}Declared a SEV3 incident/);
    expect(r.stdout).toMatch(/T\+00:10:00 {2}COMMS {5}Paged Database team \(joins at T\+00:14:00\)/);
    expect(r.stdout).toMatch(/ALERTS {4}CheckoutHighLatency firing/);
  });

  it('says which step of an action script is wrong', async () => {
    const f = tmpFile('actions.yaml', '- at: 1m\n  command: { type: declare_incident, severity: SEV9 }\n');
    const r = await drillhall('simulate', EXAMPLE_FILE, '--actions', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/step 1: invalid command: severity: /);
  });

  it('refuses an unknown script name', async () => {
    const r = await drillhall('simulate', EXAMPLE_FILE, '--script', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no script "nope"; it has golden, idle/);
  });
});

describe('drillhall logs', () => {
  it('prints the log lines trainees would see, filtered', async () => {
    const r = await drillhall('logs', EXAMPLE_FILE, '--seed', '1', '--from', '5m', '--to', '7m', '--level', 'error', '--service', 'checkout');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(l).toMatch(/^T\+00:0[5-7]:\d\d {2}ERROR checkout: HikariPool-1 - Connection is not available/);
  });
});

describe('drillhall query and export', () => {
  it('query prints the Prometheus API data shape with --json', async () => {
    const r = await drillhall('query', EXAMPLE_FILE, '--seed', '1', '--at', '10m', '--json', 'db_pool_connections_max');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ resultType: 'vector', result: [{ metric: { __name__: 'db_pool_connections_max', pool: 'orders', service: 'checkout' }, value: [600, '10'] }] });
  });

  it('query shows a PromQL error where it is', async () => {
    const r = await drillhall('query', EXAMPLE_FILE, '--at', '10m', 'rate(up[5m]');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rate\(up\[5m\]\n\s+\^/);
  });

  it('export writes OpenMetrics ending with # EOF', async () => {
    const r = await drillhall('export', EXAMPLE_FILE, '--seed', '1', '--until', '2m', '--format', 'openmetrics');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('# TYPE http_requests counter');
    expect(lines.at(-1)).toBe('# EOF');
    expect(lines).toContain('db_pool_connections_max{pool="orders",service="checkout"} 50 1767621600.000');
  });
});

describe('drillhall schema', () => {
  it('matches the committed scenarios/scenario.schema.json', async () => {
    const r = await drillhall('schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(`${SCENARIO_DIR}scenario.schema.json`, 'utf8')));
    expect(JSON.parse(r.stdout).properties.services).toBeDefined();
  });

  it('every built-in scenario points editors at it', () => {
    expect(EXAMPLE_TEXT.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
  });
});

describe('drillhall with no or a wrong command', () => {
  it('prints usage', async () => {
    const r = await drillhall('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
    expect(r.stderr).toMatch(/validate <file/);
  });
});
