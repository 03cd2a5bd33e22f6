import { Option } from '@commander-js/extra-typings';
import type { EventStore } from '@govmetrics/event-store';
import { DEFAULT_LEDGER_LOCATION, openLedgerStore } from '@govmetrics/event-store-adapters';
import { Ledger } from '@govmetrics/ledger';

/** `--ledger URL`, on every command that reads the ledger's database directly (auditors, offline). */
export const ledgerOption = () =>
  new Option(
    '--ledger <url>',
    "read directly, no gateway: postgres://… or sqlite:FILE (default LEDGER_DATABASE_URL, else the scoring service's govmetrics_ledger database)",
  );

/** `--catalog-id`, for a ledger that holds more than one catalog. */
export const catalogIdOption = () => new Option('--catalog-id <id>', 'the catalog, when the ledger holds several');

/** Opens the ledger named by `--ledger`, else LEDGER_DATABASE_URL, runs `work` and closes it. */
export async function withLedger<T>(location: string | undefined, work: (ledger: Ledger, store: EventStore) => Promise<T>): Promise<T> {
  const store = await openLedgerStore(location ?? process.env['LEDGER_DATABASE_URL'] ?? DEFAULT_LEDGER_LOCATION);
  try {
    return await work(new Ledger(store), store);
  } finally {
    await store.close();
  }
}
