/** The run's seed: `FAULTS_SEED` to repeat an earlier run's moments, else a fresh one (printed with the table). */
export function faultSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.FAULTS_SEED;
  if (given === undefined || given === '') return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`FAULTS_SEED="${given}" is not a non-negative integer`);
  return seed;
}

/**
 * Numbers in [0, 1) that follow from the seed and the fault's name alone (FNV-1a into mulberry32), so a fault run on
 * its own (FAULTS_ONLY) strikes at the same moments as in the whole run with that seed.
 */
export function seededMoments(seed: number, fault: string): () => number {
  let state = [...fault].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16_777_619), (2_166_136_261 ^ seed) >>> 0) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
