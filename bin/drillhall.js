#!/usr/bin/env node
// Entry point for the `drillhall` command: registers the TypeScript loader, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
// `drillhall export ... | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); throw err; });
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
