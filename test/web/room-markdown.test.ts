/**
 * The runbook Markdown subset: the structure it produces for what runbooks use, and that no
 * address other than http(s), mailto or relative survives as a link.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { inlineText, parseInline, parseMarkdown, safeHref, type Block, type Inline } from '../../web/components/room/markdown.js';
import { SCENARIO_DIR } from '../helpers/scenario.js';

describe('block structure', () => {
  it('parses headings, ordered lists with continuation lines, and inline code', () => {
    const blocks = parseMarkdown('## Checkout is slow\n\n1. Check `db_pool_connections_in_use` against\n   `db_pool_connections_max`.\n2. Look at **config** changes.\n');
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'list']);
    expect(blocks[0]).toEqual({ type: 'heading', level: 2, children: [{ type: 'text', text: 'Checkout is slow' }] });
    const list = blocks[1] as Extract<Block, { type: 'list' }>;
    expect(list.ordered).toBe(true);
    expect(list.start).toBe(1);
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toEqual([
      { type: 'text', text: 'Check ' }, { type: 'code', text: 'db_pool_connections_in_use' }, { type: 'text', text: ' against ' },
      { type: 'code', text: 'db_pool_connections_max' }, { type: 'text', text: '.' },
    ]);
    expect(list.items[1]).toContainEqual({ type: 'strong', children: [{ type: 'text', text: 'config' }] });
  });

  it('keeps fenced code verbatim, with its language', () => {
    const blocks = parseMarkdown('Run:\n\n```sh\nfor n in a b; do echo **x** <b>; done\n```\nAfter.');
    expect(blocks).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Run:' }] },
      { type: 'code', lang: 'sh', text: 'for n in a b; do echo **x** <b>; done' },
      { type: 'paragraph', children: [{ type: 'text', text: 'After.' }] },
    ]);
  });

  it('parses bullet lists, quotes, rules, tables and joins paragraph lines', () => {
    const blocks = parseMarkdown('First line\nsecond line.\n\n- one\n- two\n\n> careful\n\n---\n\n| key | meaning |\n|---|---|\n| `a` | the a |\n| b | pipe \\| inside |');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'quote', 'rule', 'table']);
    expect(inlineText((blocks[0] as Extract<Block, { type: 'paragraph' }>).children)).toBe('First line second line.');
    expect((blocks[1] as Extract<Block, { type: 'list' }>).ordered).toBe(false);
    const table = blocks[4] as Extract<Block, { type: 'table' }>;
    expect(table.header.map(inlineText)).toEqual(['key', 'meaning']);
    expect(table.rows.map((r) => r.map(inlineText))).toEqual([['a', 'the a'], ['b', 'pipe | inside']]);
    expect(table.rows[0]![0]).toEqual([{ type: 'code', text: 'a' }]);
  });

  it('keeps markup characters as text: nothing is ever HTML', () => {
    const blocks = parseMarkdown('<script>alert(1)</script> & <img src=x onerror=alert(1)>');
    expect(blocks).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script> & <img src=x onerror=alert(1)>' }] }]);
  });
});

describe('inline', () => {
  it('reads emphasis, strong, code and escapes, and leaves unclosed markers alone', () => {
    expect(parseInline('a *b* _c_ **d** `e*f*`')).toEqual([
      { type: 'text', text: 'a ' }, { type: 'em', children: [{ type: 'text', text: 'b' }] }, { type: 'text', text: ' ' },
      { type: 'em', children: [{ type: 'text', text: 'c' }] }, { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: 'd' }] }, { type: 'text', text: ' ' }, { type: 'code', text: 'e*f*' },
    ]);
    expect(parseInline('2 * 3 and snake_case_name and \\*x\\*')).toEqual([{ type: 'text', text: '2 * 3 and snake_case_name and *x*' }]);
    expect(parseInline('**unclosed')).toEqual([{ type: 'text', text: '**unclosed' }]);
  });

  it('links only to safe addresses; other links keep just their text', () => {
    const link = (md: string) => parseInline(md)[0] as Inline;
    expect(link('[status](https://status.example.com)')).toEqual({ type: 'link', href: 'https://status.example.com', children: [{ type: 'text', text: 'status' }] });
    expect(link('[mail](mailto:oncall@example.com)')).toMatchObject({ type: 'link', href: 'mailto:oncall@example.com' });
    expect(link('[doc](/docs/runbook)')).toMatchObject({ type: 'link', href: '/docs/runbook' });
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>', 'vbscript:msgbox']) {
      expect(parseInline(`[click](${bad})`), bad).toEqual([{ type: 'text', text: 'click' }]);
      expect(safeHref(bad), bad).toBeUndefined();
    }
    // Whitespace inside the scheme: not a link at all (the text stays as written), and never an address.
    expect(parseInline('[click](java\tscript:alert(1))').some((n) => n.type === 'link')).toBe(false);
    expect(safeHref('java\tscript:alert(1)')).toBeUndefined();
    expect(safeHref('\u0001javascript:alert(1)')).toBeUndefined();
    expect(link('[wiki](https://en.wikipedia.org/wiki/Fish_(food))')).toMatchObject({ type: 'link', href: 'https://en.wikipedia.org/wiki/Fish_(food)' });
    expect(safeHref('//evil.example/x')).toBe('https://evil.example/x');
  });
});

describe('every runbook and briefing in the library', () => {
  it('parses into blocks with no raw Markdown left in headings or list markers', () => {
    for (const f of readdirSync(SCENARIO_DIR).filter((x) => x.endsWith('.yaml'))) {
      const s = parse(readFileSync(`${SCENARIO_DIR}${f}`, 'utf8')) as { briefing?: string; runbooks?: { body: string }[] };
      for (const text of [s.briefing ?? '', ...(s.runbooks ?? []).map((r) => r.body)]) {
        const blocks = parseMarkdown(text);
        for (const b of blocks) {
          if (b.type === 'paragraph') expect(inlineText(b.children), f).not.toMatch(/^(#{1,6} |\d+\. |[-*] )/);
        }
      }
    }
  });
});
