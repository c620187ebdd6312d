/**
 * The programs the test suite drives besides Node: Debian's Chromium for the browser tests and
 * Prometheus with promtool for the PromQL comparison. One place says where each is looked for,
 * so the set-up step (ensure.ts) and the tests find the same binary.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Tool {
  readonly name: string;
  /** environment variable that names the binary */
  readonly env: string;
  /** where Debian installs it */
  readonly candidates: readonly string[];
  /** the Debian package that provides it */
  readonly pkg: string;
  /** what the tests use it for, in words */
  readonly purpose: string;
}

export const TOOLS: readonly Tool[] = [
  { name: 'chromium', env: 'CHROMIUM_PATH', candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser'], pkg: 'chromium', purpose: 'the browser tests' },
  { name: 'prometheus', env: 'PROMETHEUS_PATH', candidates: ['/usr/bin/prometheus'], pkg: 'prometheus', purpose: 'comparing our PromQL with real Prometheus' },
  { name: 'promtool', env: 'PROMTOOL_PATH', candidates: ['/usr/bin/promtool'], pkg: 'prometheus', purpose: 'comparing our PromQL with real Prometheus' },
];

/** An executable regular file (a path bind-mounted over with /dev/null does not count). */
export function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where a tool is: its environment variable when that names an executable, else the first
 * Debian path that is one. promtool is also looked for beside PROMETHEUS_PATH.
 */
export function findTool(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const t = TOOLS.find((x) => x.name === name);
  if (!t) throw new Error(`unknown tool ${name}`);
  const named = env[t.env];
  if (named) return isExecutable(named) ? named : undefined;
  const beside = name === 'promtool' && env.PROMETHEUS_PATH ? [join(dirname(env.PROMETHEUS_PATH), 'promtool')] : [];
  return [...beside, ...t.candidates].find(isExecutable);
}

/** A tool the tests need, or throw with the one command that provides it. */
export function requireTool(name: string): string {
  const found = findTool(name);
  if (found) return found;
  const t = TOOLS.find((x) => x.name === name)!;
  throw new Error(`${name} not found (set ${t.env}, or: sudo apt-get install -y ${t.pkg}); npm test installs it when it can`);
}
