import { describe, expect, it } from 'vitest';
import { formatFloat, formatGoV, formatSampleValue } from '../../server/promql/format.js';

describe('Go float formatting', () => {
  it('prints API sample values like strconv.FormatFloat(v, f, -1)', () => {
    expect(formatSampleValue(1)).toBe('1');
    expect(formatSampleValue(0.1)).toBe('0.1');
    expect(formatSampleValue(1e21)).toBe('1000000000000000000000');
    expect(formatSampleValue(1.5e-7)).toBe('0.00000015');
    expect(formatSampleValue(-0)).toBe('-0');
    expect(formatSampleValue(NaN)).toBe('NaN');
    expect(formatSampleValue(Infinity)).toBe('+Inf');
    expect(formatSampleValue(-Infinity)).toBe('-Inf');
  });

  it('prints %v like Go (exponent from 1e+06)', () => {
    expect(formatGoV(123456)).toBe('123456');
    expect(formatGoV(1e6)).toBe('1e+06');
    expect(formatGoV(1234567)).toBe('1.234567e+06');
    expect(formatGoV(0.0001)).toBe('0.0001');
    expect(formatGoV(0.00001)).toBe('1e-05');
    expect(formatGoV(0.5)).toBe('0.5');
  });

  it('rounds half to even on the exact binary value, as Go does', () => {
    expect(formatFloat(0.125, 'f', 2)).toBe('0.12');
    expect(formatFloat(0.375, 'f', 2)).toBe('0.38');
    expect(formatFloat(0.5, 'f', 0)).toBe('0');
    expect(formatFloat(1.5, 'f', 0)).toBe('2');
    // 0.15 is slightly below .15 in binary, so it rounds down.
    expect(formatFloat(0.15, 'f', 1)).toBe('0.1');
    expect(formatFloat(1234.5, 'g', 4)).toBe('1234');
    expect(formatFloat(12345, 'g', 4)).toBe('1.234e+04');
  });

  it('implements %e, %f and %g with precision', () => {
    expect(formatFloat(1234.5678, 'e', 2)).toBe('1.23e+03');
    expect(formatFloat(0.000123, 'e', 1)).toBe('1.2e-04');
    expect(formatFloat(3.14159, 'f', 3)).toBe('3.142');
    expect(formatFloat(0.001, 'f', 1)).toBe('0.0');
    expect(formatFloat(100000, 'g', 4)).toBe('1e+05');
    expect(formatFloat(1200, 'g', 4)).toBe('1200');
    expect(formatFloat(12, 'g', 4)).toBe('12');
    expect(formatFloat(0.5, 'g', 4)).toBe('0.5');
    expect(formatFloat(999.99, 'g', 4)).toBe('1000');
    expect(formatFloat(9999.9, 'g', 4)).toBe('1e+04');
  });
});
