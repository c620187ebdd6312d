#!/usr/bin/env node
// Entry point for the `drillhall` command: registers the TypeScript loader, then runs the CLI.
// Each drill's journal is fsynced on its own: more threads for file I/O let many drills' writes
// wait on the disk at once (libuv's default is 4). Read at the first file operation, so set first.
process.env.UV_THREADPOOL_SIZE ??= '16';
import { register } from 'tsx/esm/api';

register();
// `drillhall export ... | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); throw err; });
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
