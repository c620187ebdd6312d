import { describe, expect, it } from 'vitest';
import { parseDuration, parseDurationOrSeconds, parseNumberLiteral, unquote } from '../../server/promql/literals.js';

describe('literals', () => {
  it('parses numbers the Go way: hex, octal, floats, Inf, NaN, signs', () => {
    expect(parseNumberLiteral('42')).toBe(42);
    expect(parseNumberLiteral('-1.5e3')).toBe(-1500);
    expect(parseNumberLiteral('0x1f')).toBe(31);
    expect(parseNumberLiteral('010')).toBe(8);
    expect(parseNumberLiteral('.5')).toBe(0.5);
    expect(parseNumberLiteral('1_000')).toBe(1000);
    expect(parseNumberLiteral('Inf')).toBe(Infinity);
    expect(parseNumberLiteral('- inf')).toBe(-Infinity);
    expect(parseNumberLiteral('NaN')).toBeNaN();
  });

  it('treats duration literals in number position as seconds (Prometheus 3.x)', () => {
    expect(parseNumberLiteral('5m')).toBe(300);
    expect(parseNumberLiteral('1h30m')).toBe(5400);
    expect(parseNumberLiteral('250ms')).toBe(0.25);
  });

  it('parses durations with every unit', () => {
    expect(parseDuration('1y')).toBe(365 * 86400_000);
    expect(parseDuration('2w')).toBe(14 * 86400_000);
    expect(parseDuration('1d2h3m4s5ms')).toBe(86400_000 + 7200_000 + 180_000 + 4000 + 5);
    expect(parseDuration('')).toBeUndefined();
    expect(parseDuration('5x')).toBeUndefined();
    expect(parseDurationOrSeconds('90')).toBe(90_000);
    expect(parseDurationOrSeconds('1.5')).toBe(1500);
  });

  it('unquotes Go string literals', () => {
    expect(unquote('"a\\nb"')).toEqual({ value: 'a\nb' });
    expect(unquote("'it\\'s'")).toEqual({ value: "it's" });
    expect(unquote('`raw\\n`')).toEqual({ value: 'raw\\n' });
    expect(unquote('"\\u00e9\\x41\\101"')).toEqual({ value: 'éAA' });
    expect(unquote('"bad\\q"')).toHaveProperty('error');
  });
});
