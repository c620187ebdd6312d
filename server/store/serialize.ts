/**
 * The data file's bytes, without serialising every drill's whole journal on every write. A
 * drill's log and participant list only ever grow (entries are appended, never edited), so the
 * UTF-8 JSON of the entries already written is kept per array and only new entries are
 * serialised; the rest of the document is small and serialised afresh. The result is
 * `JSON.stringify(data)`'s UTF-8 bytes, exactly.
 *
 * A running drill checkpoints its clock every tick, so the file is rewritten several times a
 * second; with many long drills, JSON.stringify of the whole document and its UTF-8 encoding
 * were most of the server's CPU (`npm run bench`, "data file serialisation").
 */
import type { StoreData } from './schema.js';

/** The drill record fields that are append-only, and so cached. */
const APPEND_ONLY = new Set(['log', 'participants']);

interface ArrayBytes {
  /** entries serialised so far */
  n: number;
  /** the entry at n - 1 when it was serialised: another object there means the array was edited */
  last: unknown;
  /** the entries' JSON joined by commas, without brackets, in buf[0, len) */
  buf: Buffer;
  len: number;
}

const cache = new WeakMap<readonly unknown[], ArrayBytes>();
const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');

/** The UTF-8 JSON of an append-only array, extending the cached bytes by the entries added since the last call. */
export function arrayBytes(arr: readonly unknown[]): Buffer[] {
  let c = cache.get(arr);
  if (!c || arr.length < c.n || (c.n > 0 && arr[c.n - 1] !== c.last)) {
    c = { n: 0, last: undefined, buf: Buffer.alloc(0), len: 0 };
    cache.set(arr, c);
  }
  if (c.n < arr.length) {
    const added = `${c.n > 0 ? ',' : ''}${arr.slice(c.n).map((e) => JSON.stringify(e) ?? 'null').join(',')}`;
    const bytes = Buffer.byteLength(added);
    if (c.len + bytes > c.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(c.len + bytes, c.buf.length * 2, 256));
      c.buf.copy(grown, 0, 0, c.len);
      c.buf = grown;
    }
    c.len += c.buf.write(added, c.len);
    c.n = arr.length;
    c.last = arr[c.n - 1];
  }
  return [OPEN, c.buf.subarray(0, c.len), CLOSE];
}

/** Pieces of UTF-8 and text, in order: strings are encoded once, at the end. */
type Piece = string | Buffer;

function object(out: Piece[], o: object, value: (out: Piece[], key: string, v: unknown) => boolean): void {
  out.push('{');
  let first = true;
  for (const key of Object.keys(o)) {
    const mark = out.length;
    out.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
    if (value(out, key, (o as Record<string, unknown>)[key])) first = false;
    else out.length = mark; // undefined: left out, as JSON.stringify does
  }
  out.push('}');
}

function plain(out: Piece[], v: unknown): boolean {
  const text = JSON.stringify(v);
  if (text === undefined) return false;
  out.push(text);
  return true;
}

/**
 * `JSON.stringify(data)` as UTF-8, reusing the bytes of journal entries and participants
 * serialised by earlier calls, followed by `suffix`.
 * @example serializeStore(emptyStore()).toString() // '{"version":1,"scenarios":{},"drills":{}}'
 */
export function serializeStore(data: StoreData, suffix = ''): Buffer {
  const out: Piece[] = [];
  object(out, data, (out, key, v) => {
    if (key !== 'drills' || v === null || typeof v !== 'object') return plain(out, v);
    object(out, v, (out, _id, drill) => {
      if (drill === null || typeof drill !== 'object' || Array.isArray(drill)) return plain(out, drill);
      object(out, drill, (out, field, x) => {
        if (!APPEND_ONLY.has(field) || !Array.isArray(x)) return plain(out, x);
        out.push(...arrayBytes(x));
        return true;
      });
      return true;
    });
    return true;
  });
  out.push(suffix);
  // Runs of small strings become one buffer each; the cached arrays are copied once, by concat.
  const buffers: Buffer[] = [];
  let run = '';
  for (const p of out) {
    if (typeof p === 'string') { run += p; continue; }
    if (run) buffers.push(Buffer.from(run));
    run = '';
    buffers.push(p);
  }
  if (run) buffers.push(Buffer.from(run));
  return Buffer.concat(buffers);
}
