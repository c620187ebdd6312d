/**
 * `drillhall build`: the web app (web/, Lit + Chart.js) built by Vite into dist/web, which
 * `drillhall serve` serves. `serve` calls the same function on its first start, so
 * `npm install && npm start` works on a fresh clone without a separate build step.
 *
 * Vite is imported lazily: serving an already built app never loads it, and a server
 * installed without it still serves the API when dist/web exists.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib, { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Io } from './io.js';

/** The repository's Vite config (root web/, outDir dist/web). */
export const VITE_CONFIG = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));
/** The gzipped JavaScript the web app may weigh (all of it, every page): 150 KiB. */
export const WEB_JS_BUDGET = 150 * 1024;

/** Where the built app goes; the same directory server/http/app.ts serves. */
export const WEB_OUT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface BuildOptions {
  /** build somewhere else than dist/web (tests) */
  readonly outDir?: string;
  /** progress lines (Vite's own, then the size summary) */
  readonly log?: (line: string) => void;
}

export interface BuildResult {
  readonly outDir: string;
  readonly files: number;
  readonly bytes: number;
  /** the JavaScript the browser downloads, gzipped (source maps left out) */
  readonly jsGzipBytes: number;
  /** files written beside the originals as .br and .gz */
  readonly compressed: number;
  readonly ms: number;
}

/** What is worth compressing: text. Source maps are left alone (only tools read them). */
const COMPRESSIBLE = /\.(?:js|css|html|svg|json|txt)$/;

/**
 * Write a brotli (.br) and a gzip (.gz) copy beside every text file of the built app, at the
 * highest levels once at build time, so the server sends them as they are
 * (`serveStatic({ precompressed: true })`) without compressing per request.
 */
export function precompress(dir: string): number {
  let n = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) { walk(p); continue; }
      if (!COMPRESSIBLE.test(entry.name)) continue;
      const raw = readFileSync(p);
      writeFileSync(`${p}.br`, brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
      writeFileSync(`${p}.gz`, gzipSync(raw, { level: zlib.constants.Z_BEST_COMPRESSION }));
      n++;
    }
  };
  walk(dir);
  return n;
}

/** True when `dir` holds a built app (its index.html). */
export function isWebBuilt(dir: string = WEB_OUT): boolean {
  return existsSync(join(dir, 'index.html'));
}

/**
 * Build the web app with the repository's vite.config.ts.
 * @example const r = await buildWeb({ log: console.log }); // r.jsGzipBytes
 */
export async function buildWeb(o: BuildOptions = {}): Promise<BuildResult> {
  const log = o.log ?? (() => undefined);
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error('Vite is not installed, so the web app cannot be built; run "npm install" in the drillhall folder first');
  }
  const started = Date.now();
  const logger = vite.createLogger('info', { allowClearScreen: false });
  const forward = (msg: string) => { for (const line of msg.split('\n')) if (line.trim()) log(stripAnsi(line)); };
  logger.info = (msg) => forward(msg);
  logger.warn = (msg) => forward(msg);
  logger.warnOnce = (msg) => forward(msg);
  logger.error = (msg) => forward(msg);
  await vite.build({
    configFile: VITE_CONFIG,
    customLogger: logger,
    clearScreen: false,
    ...(o.outDir ? { build: { outDir: o.outDir, emptyOutDir: true } } : {}),
  });
  const outDir = o.outDir ?? WEB_OUT;
  const compressed = precompress(outDir);
  const result = { outDir, ...measure(outDir), compressed, ms: Date.now() - started };
  const shown = relative(process.cwd(), outDir);
  log(`built the web app into ${shown && !shown.startsWith('..') ? shown : outDir} in ${(result.ms / 1000).toFixed(1)}s: ${result.files} files, ${kb(result.bytes)} (JavaScript ${kb(result.jsGzipBytes)} gzipped)`);
  return result;
}

/** Files, bytes and gzipped JavaScript of a built app (the compressed copies left out): the bundle-size figure of `npm run bench`. */
export function measure(dir: string = WEB_OUT): { files: number; bytes: number; jsGzipBytes: number } {
  let files = 0;
  let bytes = 0;
  let jsGzipBytes = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) { walk(p); continue; }
      if (/\.(?:br|gz)$/.test(entry.name)) continue;
      files++;
      bytes += statSync(p).size;
      if (entry.name.endsWith('.js')) jsGzipBytes += gzipSync(readFileSync(p)).length;
    }
  };
  walk(dir);
  return { files, bytes, jsGzipBytes };
}

function kb(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '');
}

/** `drillhall build [--out DIR]` */
export async function buildCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  io.out('building the web app...');
  try {
    await buildWeb({ log: io.out, ...(values.out ? { outDir: resolve(values.out) } : {}) });
  } catch (err) {
    io.err(`drillhall build: ${(err as Error).message}`);
    return 1;
  }
  return 0;
}
