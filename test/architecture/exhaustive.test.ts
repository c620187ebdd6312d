/**
 * Adding a command and its event to the contract, and nothing else, must fail the type check in
 * every place that has to handle them: the engine's rules, the server's validation, the words
 * for events and the fold of events into the drill's state. Checked on a copy of the tree, with
 * the real compiler.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

async function patch(file: string, anchor: string, insert: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(anchor)) throw new Error(`${file} no longer has "${anchor}": update this test`);
  await writeFile(file, text.replace(anchor, `${insert}${anchor}`));
}

describe('a command added to the contract only', () => {
  let dir = '';
  let errors = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drillhall-exhaustive-'));
    for (const d of ['contract', 'server', 'web']) await cp(join(ROOT, d), join(dir, d), { recursive: true });
    await cp(join(ROOT, 'package.json'), join(dir, 'package.json'));
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const tsconfig = JSON.parse(await readFile(join(ROOT, 'tsconfig.json'), 'utf8'));
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['contract', 'server', 'web'] }));
    // A trainee command, placed in the senders table as the contract demands, and its event.
    await patch(join(dir, 'contract/commands.ts'), ';\n\n/** Commands only the facilitator may send', "\n  | { readonly type: 'hand_over'; readonly to: string }");
    await patch(join(dir, 'contract/commands.ts'), '\n  inject_fault:', " hand_over: 'trainee',");
    await patch(join(dir, 'contract/events.ts'), '\n);\n\nexport type SimEventType', "\n  | { readonly type: 'handed_over'; readonly to: string }");
    const r = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--noEmit'], { cwd: dir }).catch((e: { stdout: string }) => e);
    errors = r.stdout;
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('compiles in the contract itself', () => {
    expect(errors).not.toMatch(/^contract\/(commands|events)\.ts/m);
  });

  it.each([
    ['the engine, which must apply it', 'server/sim/apply.ts'],
    ['the server, which must validate it', 'server/scenario/commands.ts'],
    ['the words for its event', 'contract/event-text.ts'],
    ['the fold of its event into the drill state', 'contract/drill-state.ts'],
  ])('fails the type check in %s', (_what, file) => {
    expect(errors).toMatch(new RegExp(`^${file.replace(/[./]/g, '\\$&')}\\(\\d+,\\d+\\): error`, 'm'));
  });
});
