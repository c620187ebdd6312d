/**
 * All randomness in the engine comes from here. Streams are named by purpose
 * (`noise/<series>`), so adding a series never shifts the numbers of another one.
 */
import seedrandom from 'seedrandom';

export interface Stream {
  /** uniform in [0, 1) */
  next(): number;
  /** standard normal (Box-Muller) */
  gaussian(): number;
}

export function stream(seed: string, name: string): Stream {
  const prng = seedrandom.alea(`${seed}/${name}`);
  const next = () => prng();
  return {
    next,
    gaussian() {
      const u = Math.max(next(), 1e-12);
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * A one-off generator for a random-access item (log line k of template j): the same key
 * always gives the same numbers, whatever was asked before. Lets logs for any past window be
 * regenerated without storing them.
 */
export function keyed(seed: string, key: string): () => number {
  return seedrandom.alea(`${seed}/${key}`);
}
