/** A seeded pseudo-random generator returning numbers in [0, 1). */
export type Random = () => number;

/**
 * Mulberry32: tiny and good enough to make fault soaks reproducible from a seed; not for security.
 * @param seed any integer; only its low 32 bits matter
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random 31-bit seed, for when the caller gives none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
