import { Option } from '@commander-js/extra-typings';
import { isBangkokDay } from '@govmetrics/contracts';
import type { EventStore, WrongExpectedVersionError } from '@govmetrics/event-store';
import { DEFAULT_LEDGER_LOCATION, openLedgerStore } from '@govmetrics/event-store-adapters';
import { Ledger } from '@govmetrics/ledger';

/** `--ledger URL`, on every command that reads or writes the ledger. */
export const ledgerOption = () =>
  new Option('--ledger <url>', "postgres://… or sqlite:FILE (default LEDGER_DATABASE_URL, else the scoring service's govmetrics_ledger database)");

/** `--catalog-id`, for a ledger that holds more than one catalog. */
export const catalogIdOption = () => new Option('--catalog-id <id>', 'the catalog, when the ledger holds several');

/** `--by` and `--reason`: `governance` requires them, with a message that says why. */
export const byOption = () => new Option('--by <who>', 'who makes the change (required: the ledger records it)');
export const reasonOption = () => new Option('--reason <why>', 'why the change is made (required: the ledger records it)');

/** Opens the ledger named by `--ledger`, else LEDGER_DATABASE_URL, runs `work` and closes it. */
export async function withLedger<T>(location: string | undefined, work: (ledger: Ledger, store: EventStore) => Promise<T>): Promise<T> {
  const store = await openLedgerStore(location ?? process.env['LEDGER_DATABASE_URL'] ?? DEFAULT_LEDGER_LOCATION);
  try {
    return await work(new Ledger(store), store);
  } finally {
    await store.close();
  }
}

/** A Bangkok day given on the command line. */
export function dayOption(name: string, value: string): string {
  if (!isBangkokDay(value)) throw new Error(`--${name} must be a day, YYYY-MM-DD; got "${value}"`);
  return value;
}

/** `--expected-version`: the stream version the change was decided against (optimistic concurrency). */
export function versionOption(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new Error(`--expected-version must be a version number (0, 1, …); got "${value}"`);
  return BigInt(value);
}

/** `--by` and `--reason`, required on every change: the ledger records who and why. */
export function governance(values: { by?: string; reason?: string }): { who: string; why: string } {
  const missing = [values.by ? '' : '--by WHO', values.reason ? '' : '--reason WHY'].filter(Boolean);
  if (missing.length) throw new Error(`a change to the ledger needs ${missing.join(' and ')}: the ledger records who made it and why`);
  return { who: values.by!, why: values.reason! };
}

/** Exit code when someone else changed a stream since the version the steward read. */
export const CONFLICT_EXIT = 3;

/** What a steward whose expected version was stale needs to know: nothing was recorded, and what to do. */
export function reportConflict(error: WrongExpectedVersionError, indicatorId: string): number {
  console.error(
    `conflict: ${error.stream} is at version ${String(error.actual)}, not ${String(error.expected)}: it changed since you read it. ` +
      `Nothing was recorded; see what changed with \`ledger history ${indicatorId}\`, then try again against version ${String(error.actual)}.`,
  );
  return CONFLICT_EXIT;
}
