/**
 * Hostile values shared by the fuzz suites: text that breaks naive code (lone surrogates, RTL
 * overrides, zero-width characters, NUL, huge strings), keys that pollute prototypes, and values
 * of every wrong type.
 */
import fc from 'fast-check';

/** Characters that have broken real parsers, renderers and log viewers. */
export const NASTY_CHARS = [
  '\ud800', '\udfff', '\udc00\ud800', // lone and reversed surrogates
  '\u202e', '\u202d', '\u2066', '\u200f', // right-to-left overrides and isolates
  '\u200b', '\u200d', '\u2060', '\ufeff', // zero-width space, joiner, word joiner, BOM
  '\u0000', '\u0007', '\u001b[31m', '\u2028', '\u2029', '\r', '\r\n', '\t', '\v', '\f',
  'e\u0301', '\u{1F4A5}', '\u{1D54F}', '\ufdfa', '\uffff', '\ufffd', 'ǅ', 'İ', 'ß',
];

/** Keys that reach Object.prototype through careless `obj[key] = value` code. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', '__lookupGetter__'];

/** Strings from NASTY_CHARS and ordinary text, mixed. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...NASTY_CHARS), fc.string({ maxLength: 6 })), { maxLength: 8 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '   ', 'null', 'true', 'NaN', '-0', '1e999', '0x1F', '~', '*', '&', '!', '%', '@', '`', '|', '>', '{}', '[]', '{{ query "up" }}', '${x}', '<script>alert(1)</script>', "'; DROP TABLE drills;--", '../../etc/passwd', 'C:\\con\\aux') },
);

/** Long strings around the limits (32 KiB message, 64 KiB body, 1 MiB scenario). */
export const hugeString: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(4_000, 4_001, 33_000, 70_000, 300_000, 1_100_000), fc.constantFrom('A', '\u00e9', '\u{1F4A5}', '\ud800')).map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

/** A JSON value with a given depth of nesting: `[[[...]]]` or `{"a":{"a":...}}`. */
export const deepJsonText: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(50, 1_000, 100_000), fc.boolean()).map(([depth, arrays]) => (arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

/** Anything JSON can carry, with hostile strings and keys inside. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1e308, -1e308, 2 ** 53, 0.1, -1),
    nastyString,
    fc.array(tie('value'), { maxLength: 4 }),
    tie('object'),
  ),
  object: fc.array(fc.tuple(fc.oneof(nastyString, fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 5 }).map(ownObject),
})).value;

/** An object with exactly these own properties, `__proto__` included as an own key (as JSON.parse makes it). */
export function ownObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}
