/**
 * The Markdown subset runbooks and briefings are written in, parsed into a small tree that the
 * room renders with Lit templates: headings, paragraphs, lists, fenced code, quotes, pipe tables,
 * rules, and inline code, bold, italic and links. Nothing is ever turned into HTML from text,
 * so a runbook cannot inject markup or script; a link whose address is not http(s), mailto or
 * relative keeps its text and loses its address.
 */

export type Inline =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'code'; readonly text: string }
  | { readonly type: 'strong'; readonly children: readonly Inline[] }
  | { readonly type: 'em'; readonly children: readonly Inline[] }
  | { readonly type: 'link'; readonly href: string; readonly children: readonly Inline[] };

export type Block =
  | { readonly type: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly children: readonly Inline[] }
  | { readonly type: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly type: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Inline[])[] }
  | { readonly type: 'code'; readonly lang: string; readonly text: string }
  | { readonly type: 'quote'; readonly children: readonly Block[] }
  | { readonly type: 'table'; readonly header: readonly (readonly Inline[])[]; readonly rows: readonly (readonly (readonly Inline[])[])[] }
  | { readonly type: 'rule' };

const FENCE = /^\s{0,3}(```+|~~~+)\s*([\w+-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^(\s{0,3})([-*+])\s+(.*)$/;
const ORDERED = /^(\s{0,3})(\d{1,9})[.)]\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const TABLE_SEP = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/**
 * Parse Markdown text into blocks.
 * @example parseMarkdown('## Steps\n1. Check `up`') // [{ type: 'heading', level: 2, ... }, { type: 'list', ordered: true, ... }]
 */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') { i++; continue; }
    const fence = FENCE.exec(line);
    if (fence) {
      const close = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trim().startsWith(close)) body.push(lines[i++]!);
      i++; // the closing fence (or the end of the text)
      blocks.push({ type: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, children: parseInline(heading[2]!) });
      i++;
      continue;
    }
    if (RULE.test(line)) { blocks.push({ type: 'rule' }); i++; continue; }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ type: 'quote', children: parseMarkdown(body.join('\n')) });
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!)) {
      const header = tableCells(line);
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && lines[i]!.includes('|') && lines[i]!.trim() !== '') rows.push(tableCells(lines[i++]!));
      blocks.push({ type: 'table', header, rows });
      continue;
    }
    const listStart = BULLET.exec(line) ?? ORDERED.exec(line);
    if (listStart) {
      const ordered = !BULLET.test(line);
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const m = ordered ? ORDERED.exec(l) : BULLET.exec(l);
        if (m) { items.push(m[3]!); i++; continue; }
        // An indented line continues the item above; a blank line followed by an item keeps the list going.
        if (l.trim() !== '' && /^\s+/.test(l) && items.length) { items[items.length - 1] += ` ${l.trim()}`; i++; continue; }
        if (l.trim() === '' && i + 1 < lines.length && (ordered ? ORDERED : BULLET).test(lines[i + 1]!)) { i++; continue; }
        break;
      }
      blocks.push({ type: 'list', ordered, start: ordered ? Number(listStart[2]) : 1, items: items.map(parseInline) });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines, i)) para.push(lines[i++]!.trim());
    blocks.push({ type: 'paragraph', children: parseInline(para.join(' ')) });
  }
  return blocks;
}

function startsBlock(lines: readonly string[], i: number): boolean {
  const l = lines[i]!;
  return FENCE.test(l) || HEADING.test(l) || RULE.test(l) || QUOTE.test(l) || BULLET.test(l) || ORDERED.test(l)
    || (l.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!));
}

function tableCells(line: string): Inline[][] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  return splitCells(s).map((c) => parseInline(c.trim()));
}

/** Split on pipes that are not inside inline code or escaped. */
function splitCells(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && s[i + 1] === '|') { cur += '|'; i++; continue; }
    if (ch === '`') inCode = !inCode;
    if (ch === '|' && !inCode) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Addresses a runbook link may point at: web and mail addresses, and relative ones. Anything
 * else (`javascript:`, `data:`, `vbscript:`, obfuscated with case or whitespace) is refused.
 */
export function safeHref(href: string): string | undefined {
  // Browsers ignore tabs, newlines and leading control characters in a URL's scheme.
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (cleaned === '') return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  if (!scheme) return /^(\/\/)/.test(cleaned) ? `https:${cleaned}` : href.trim();
  return ['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase()) ? href.trim() : undefined;
}

/**
 * Inline Markdown: `code`, **bold**, *italic* or _italic_, [text](address), backslash escapes.
 * Unclosed markers stay as the characters they are.
 */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = () => { if (buf) { out.push({ type: 'text', text: buf }); buf = ''; } };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && /[\\`*_[\]()#+\-.!|>~]/.test(text[i + 1]!)) { buf += text[i + 1]; i += 2; continue; }
    if (ch === '`') {
      const ticks = /^`+/.exec(text.slice(i))![0];
      const end = text.indexOf(ticks, i + ticks.length);
      if (end > 0) {
        flush();
        out.push({ type: 'code', text: text.slice(i + ticks.length, end).trim() || text.slice(i + ticks.length, end) });
        i = end + ticks.length;
        continue;
      }
      buf += ticks; i += ticks.length; continue;
    }
    if ((ch === '*' || ch === '_') && text[i + 1] === ch) {
      const end = findClose(text, ch + ch, i + 2);
      if (end > i + 2) {
        flush();
        out.push({ type: 'strong', children: parseInline(text.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && text[i + 1] !== ch && text[i + 1] !== ' ' && text[i + 1] !== undefined && (ch === '*' || !/\w/.test(text[i - 1] ?? ''))) {
      const end = findClose(text, ch, i + 1);
      if (end > i + 1 && text[end - 1] !== ' ' && (ch === '*' || !/\w/.test(text[end + 1] ?? ''))) {
        flush();
        out.push({ type: 'em', children: parseInline(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      // The address may hold one level of balanced parentheses, as wiki links do: (https://x/a_(b)).
      const link = /^\[([^\]]+)\]\(\s*((?:[^()\s]|\([^()\s]*\))+)(?:\s+"[^"]*")?\s*\)/.exec(text.slice(i));
      if (link) {
        flush();
        const href = safeHref(link[2]!);
        const children = parseInline(link[1]!);
        if (href !== undefined) out.push({ type: 'link', href, children });
        else out.push(...children);
        i += link[0].length;
        continue;
      }
    }
    buf += ch;
    i++;
  }
  flush();
  return out;
}

/** The next closing marker after `from`, skipping inline code spans. */
function findClose(text: string, marker: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '`') {
      const close = text.indexOf('`', j + 1);
      if (close < 0) return -1;
      j = close;
      continue;
    }
    if (text.startsWith(marker, j) && (marker.length === 2 || text[j + 1] !== marker)) return j;
  }
  return -1;
}

/** The plain text of inline content, for titles and search. */
export function inlineText(nodes: readonly Inline[]): string {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : inlineText(n.children))).join('');
}
