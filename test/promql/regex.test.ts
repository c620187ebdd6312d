import { describe, expect, it } from 'vitest';
import { compileAnchored } from '../../server/promql/regex.js';

function re(src: string): RegExp {
  const r = compileAnchored(src);
  if ('error' in r) throw new Error(r.error);
  return r.re;
}

describe('RE2 -> JS regex translation', () => {
  it('anchors fully and lets . match newlines, like ^(?s:re)$', () => {
    expect(re('5..').test('500')).toBe(true);
    expect(re('5..').test('5000')).toBe(false);
    expect(re('a|b').test('ab')).toBe(false);
    expect(re('a.b').test('a\nb')).toBe(true);
  });

  it('supports (?i), named groups, POSIX classes, \\z and escaped punctuation', () => {
    expect(re('(?i)get').test('GET')).toBe(true);
    expect(re('(?P<code>\\d+)').exec('404')?.groups?.['code']).toBe('404');
    expect(re('[[:digit:]]+').test('123')).toBe(true);
    expect(re('a\\z').test('a')).toBe(true);
    expect(re('a\\-b\\:c').test('a-b:c')).toBe(true);
    expect(re('{foo}').test('{foo}')).toBe(true);
    expect(re('x{2}').test('xx')).toBe(true);
    expect(re('[]a]+').test(']a')).toBe(true);
  });

  it('rejects what RE2 rejects', () => {
    expect(compileAnchored('(?=a)a')).toHaveProperty('error');
    expect(compileAnchored('(a)\\1')).toHaveProperty('error');
    expect(compileAnchored('(')).toHaveProperty('error');
    expect(compileAnchored('a{1001}')).toHaveProperty('error');
  });
});
