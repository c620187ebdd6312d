/**
 * Secrets: random tokens, stored only as SHA-256 hashes and compared in constant time, so
 * neither a copy of the data file nor response timing gives a usable token away.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A bearer token: 256 random bits. */
export function newToken(): string {
  return `dh_${randomBytes(32).toString('base64url')}`;
}

/** Drill and participant ids: random, URL-safe, not guessable. */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}

/** No 0/O or 1/I, so a code read aloud or off a projector is typed right. */
const JOIN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** The code trainees type to join: 8 characters, 40 bits. */
export function newJoinCode(): string {
  return [...randomBytes(8)].map((b) => JOIN_ALPHABET[b % JOIN_ALPHABET.length]).join('');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Does `secret` hash to `hash`? Both sides are fixed-length digests, so timingSafeEqual's
 * equal-length rule always holds and the comparison takes the same time whatever matches.
 */
export function secretMatches(secret: string, hash: string): boolean {
  const a = createHash('sha256').update(secret, 'utf8').digest();
  const b = Buffer.from(hash, 'hex');
  return b.length === a.length && timingSafeEqual(a, b);
}

/** Join codes are compared the same way; case and spaces are forgiven. */
export function joinCodeMatches(given: string, code: string): boolean {
  return secretMatches(given.replace(/[\s-]/g, '').toUpperCase(), hashSecret(code));
}
