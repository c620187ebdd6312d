/**
 * The first step of `npm test`: make sure the programs the tests drive are here (tools.ts). Each
 * is found from its environment variable or Debian's path; what is missing is installed from
 * Debian's packages when this process may (root, or passwordless sudo, with apt-get), saying
 * what it installs; otherwise the step stops at once with one message naming the command to
 * run. Exit 0 when everything is ready, 1 otherwise.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findTool, TOOLS, type Tool } from './tools.js';

export interface Context {
  /** user id: 0 is root */
  readonly uid: number;
  readonly hasAptGet: boolean;
  /** `sudo -n true` works: sudo without a password */
  readonly sudo: boolean;
}

export type Plan =
  | { readonly kind: 'ready' }
  | { readonly kind: 'install'; readonly packages: readonly string[]; readonly via: 'root' | 'sudo'; readonly commands: readonly (readonly string[])[]; readonly message: string }
  | { readonly kind: 'refuse'; readonly packages: readonly string[]; readonly message: string };

const list = (xs: readonly string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/**
 * What to do about the missing tools: nothing, install their packages (as root or with sudo),
 * or refuse with the command a person should run.
 * @example plan([chromiumTool], { uid: 1000, hasAptGet: true, sudo: false }).kind // 'refuse'
 */
export function plan(missing: readonly Tool[], ctx: Context): Plan {
  if (missing.length === 0) return { kind: 'ready' };
  const packages = [...new Set(missing.map((t) => t.pkg))];
  const why = [...new Set(missing.map((t) => t.purpose))];
  const apt = ['apt-get', 'install', '-y', '--no-install-recommends', ...packages];
  if (ctx.hasAptGet && (ctx.uid === 0 || ctx.sudo)) {
    const via = ctx.uid === 0 ? 'root' : 'sudo';
    const prefix = via === 'sudo' ? ['sudo', '-n'] : [];
    return {
      kind: 'install', packages, via,
      commands: [[...prefix, 'apt-get', 'update', '-qq'], [...prefix, ...apt]],
      message: `npm test: installing Debian's ${list(packages)} (for ${list(why)})${via === 'sudo' ? ' with sudo' : ''}: ${[...prefix, ...apt].join(' ')}`,
    };
  }
  const vars = missing.map((t) => t.env);
  return {
    kind: 'refuse', packages,
    message: `npm test needs ${list(missing.map((t) => t.name))} (for ${list(why)}) and cannot install ${missing.length === 1 ? 'it' : 'them'} here${ctx.hasAptGet ? ' without root or passwordless sudo' : ' (no apt-get)'}. `
      + `Run: sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}   (or set ${list([...new Set(vars)])} to binaries you have), then npm test again.`,
  };
}

function context(): Context {
  const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  return { uid: process.getuid?.() ?? -1, hasAptGet: ok('sh', ['-c', 'command -v apt-get']), sudo: ok('sudo', ['-n', 'true']) };
}

export function missingTools(env: NodeJS.ProcessEnv = process.env): Tool[] {
  return TOOLS.filter((t) => findTool(t.name, env) === undefined);
}

function main(): number {
  const missing = missingTools();
  const p = plan(missing, missing.length > 0 ? context() : { uid: 0, hasAptGet: false, sudo: false });
  if (p.kind === 'ready') {
    console.error(`npm test: using ${TOOLS.map((t) => `${t.name} (${findTool(t.name)})`).join(', ')}`);
    return 0;
  }
  console.error(p.message);
  if (p.kind === 'refuse') return 1;
  for (const c of p.commands) {
    const r = spawnSync(c[0]!, c.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      console.error(`npm test: "${c.join(' ')}" failed (exit ${r.status ?? r.signal}); install ${p.packages.join(' ')} yourself, then npm test again.`);
      return 1;
    }
  }
  const still = missingTools();
  if (still.length > 0) {
    console.error(`npm test: after installing ${p.packages.join(' ')}, ${list(still.map((t) => t.name))} ${still.length === 1 ? 'is' : 'are'} still not found; set ${list(still.map((t) => t.env))}.`);
    return 1;
  }
  console.error(`npm test: installed ${p.packages.join(' ')}; using ${TOOLS.map((t) => `${t.name} (${findTool(t.name)})`).join(', ')}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
