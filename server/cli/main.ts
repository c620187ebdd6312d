/**
 * The `drillhall` command line: one dispatcher, one small module per command.
 * Each command returns its exit code; output goes to the streams it is given, so tests can
 * run commands in-process and read what a user would see.
 */
import { benchCommand } from './bench.js';
import { buildCommand } from './build.js';
import { exportCommand } from './export.js';
import { logsCommand } from './logs.js';
import { queryCommand } from './query.js';
import { schemaCommand } from './schema.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';
import type { Io } from './io.js';
import { validateCommand } from './validate.js';

const stdio: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

type CommandFn = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { run: CommandFn; help: string }> = {
  validate: { run: validateCommand, help: 'validate <file...>          check scenario files; prints file:line:col: message per problem' },
  simulate: { run: simulateCommand, help: 'simulate <file> --seed S    run headless [--script NAME | --actions FILE] [--until 2h] [--json]' },
  query: { run: queryCommand, help: "query <file> --at 30m 'expr'    PromQL over a replayed drill [--seed S] [--script NAME] [--start --end --step] [--json]" },
  export: { run: exportCommand, help: 'export <file> --until 2h       every series as OpenMetrics text [--seed S] [--script NAME] [--out FILE]' },
  logs: { run: logsCommand, help: 'logs <file> [--from 5m --to 15m]   log lines of a replayed drill [--service S] [--level warn] [--grep TEXT]' },
  bench: { run: benchCommand, help: 'bench [--scenario FILE] [--json]  benchmarks: headless simulation throughput' },
  build: { run: buildCommand, help: 'build [--out DIR]           build the web app into dist/web (serve does this on first start)' },
  serve: { run: serveCommand, help: 'serve [--port 8080] [--data DIR] [--dev]  run the server: API, WebSocket and web app (PORT, DRILLHALL_DATA); --dev adds Vite with hot reload' },
  schema: { run: schemaCommand, help: 'schema [--out FILE]         write the scenario JSON Schema (for editor autocomplete)' },
};

export function usage(): string {
  return ['usage: drillhall <command> [options]', '', 'commands:', ...Object.values(COMMANDS).map((c) => `  ${c.help}`)].join('\n');
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { io.out(usage()); return name ? 0 : 2; }
  const cmd = COMMANDS[name];
  if (!cmd) { io.err(`drillhall: unknown command "${name}"\n${usage()}`); return 2; }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    io.err(`drillhall ${name}: ${(err as Error).message}`);
    return 2;
  }
}
