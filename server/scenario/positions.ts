/**
 * Map a path inside the parsed YAML (['faults', 0, 'effects', 1, 'series']) back to the
 * line and column where the author wrote it, so every error can say file:line:col.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export type Path = readonly (string | number)[];

export interface Position { line: number; col: number }

export interface SourceMap {
  /** Position of the value at path, or of its nearest existing ancestor. */
  at(path: Path): Position;
  /** Position of the key of the entry at path (for unknown keys). */
  keyAt(path: Path, key: string): Position;
  /**
   * Position of a character offset inside the string value at path: a PromQL error at
   * offset 12 of an `expr` points at the exact column in the file.
   */
  inValue(path: Path, offset: number): Position;
}

function child(node: unknown, key: string | number): unknown {
  if (isMap(node)) return node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))?.value;
  if (isSeq(node) && typeof key === 'number') return node.items[key];
  return undefined;
}

function pairOf(node: unknown, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

export function sourceMap(doc: Document, lc: LineCounter, text: string): SourceMap {
  const lines = text.split('\n');
  const nodeAt = (path: Path): Node | undefined => {
    let node: unknown = doc.contents;
    let last: Node | undefined = doc.contents ?? undefined;
    for (const key of path) {
      node = child(node, key);
      if (node === undefined || node === null) break;
      last = node as Node;
    }
    return last;
  };
  const pos = (offset: number): Position => lc.linePos(offset);
  return {
    at(path) {
      const node = nodeAt(path);
      return node?.range ? pos(node.range[0]) : { line: 1, col: 1 };
    },
    keyAt(path, key) {
      const pair = pairOf(nodeAt(path), key);
      const k = pair?.key as Node | undefined;
      if (k?.range) return pos(k.range[0]);
      return this.at(path);
    },
    inValue(path, offset) {
      const node = nodeAt(path);
      if (!isScalar(node) || !node.range) return this.at(path);
      const start = node.range[0];
      if (node.type === 'PLAIN') return pos(start + offset);
      if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return pos(start + 1 + offset);
      // Block scalars (`|`, `>`): content starts on the line after the indicator, indented.
      const value = String(node.value);
      const before = value.slice(0, offset);
      const lineNo = before.split('\n').length - 1;
      const colInLine = offset - (before.lastIndexOf('\n') + 1);
      const firstLine = pos(start).line + 1;
      const indent = /^ */.exec(lines[firstLine - 1] ?? '')?.[0].length ?? 0;
      return { line: firstLine + lineNo, col: indent + colInLine + 1 };
    },
  };
}

