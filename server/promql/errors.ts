/**
 * A PromQL problem tied to a span of the expression text.
 *
 * `offset` is the 0-based character offset in the expression string and
 * `length` the span length, so a scenario loader can turn it into
 * file:line:col by adding the position of the expression in its YAML file.
 * Thrown by `compile` (syntax, type and "unsupported" errors) and, for the
 * few errors Prometheus itself only detects while evaluating (many-to-many
 * matching, duplicate label sets), by the query functions.
 */
export class PromQLError extends Error {
  readonly offset: number;
  readonly length: number;

  constructor(message: string, offset: number, length: number) {
    super(message);
    this.name = 'PromQLError';
    this.offset = offset;
    this.length = length;
  }
}

/** A half-open character span [start, end) in the expression text. */
export interface Pos {
  readonly start: number;
  readonly end: number;
}

/** Throws a PromQLError covering `pos`; typed `never` so callers can `return fail(...)`. */
export function fail(message: string, pos: Pos): never {
  throw new PromQLError(message, pos.start, Math.max(0, pos.end - pos.start));
}
