import { isBangkokDay } from '@govmetrics/contracts';

/** A Bangkok day given on the command line. */
export function dayOption(name: string, value: string): string {
  if (!isBangkokDay(value)) throw new Error(`--${name} must be a day, YYYY-MM-DD; got "${value}"`);
  return value;
}

/** `--expected-version`: the stream version the change was decided against (optimistic concurrency). */
export function versionOption(value: string): string {
  if (!/^\d+$/.test(value)) throw new Error(`--expected-version must be a version number (0, 1, …); got "${value}"`);
  return value;
}

/** Exit code when someone else changed a stream since the version the steward read. */
export const CONFLICT_EXIT = 3;

/** What a steward whose expected version was stale needs to know: nothing was recorded, and what to do. */
export function reportConflict(stale: { stream: string; currentVersion: string }, expected: string, id: string): number {
  console.error(
    `conflict: ${stale.stream} is at version ${stale.currentVersion}, not ${expected}: it changed since you read it. ` +
      `Nothing was recorded; see what changed with \`ledger history ${id}\`, then try again against version ${stale.currentVersion}.`,
  );
  return CONFLICT_EXIT;
}
