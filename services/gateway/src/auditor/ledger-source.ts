import type { EventStore } from '@govmetrics/event-store';
import { EventStoreError, EventStoreUnavailableError } from '@govmetrics/event-store';
import type { LedgerEntry } from '@govmetrics/ledger';
import { Ledger } from '@govmetrics/ledger';

export const LEDGER_SOURCE = Symbol('LedgerSource');

/**
 * The governance ledger as the gateway reads it: opened at the first request rather than at start, so that a ledger
 * that is down costs the auditor endpoints (503) and not the gateway. A failed open is tried again at the next request.
 */
export class LedgerSource {
  private opening: Promise<EventStore> | undefined;

  constructor(
    private readonly location: string,
    private readonly open: (location: string) => Promise<EventStore>,
  ) {}

  /** The ledger's event store; an `EventStoreError` (retriable when the ledger cannot be reached) when it cannot be opened. */
  store(): Promise<EventStore> {
    this.opening ??= this.open(this.location).catch((error: unknown) => {
      this.opening = undefined;
      throw error instanceof EventStoreError ? error : new EventStoreUnavailableError(`open the ledger`, { cause: error });
    });
    return this.opening;
  }

  /** Every ledger event in position order. */
  async entries(): Promise<LedgerEntry[]> {
    return new Ledger(await this.store()).readAll();
  }

  /** Readiness: `null` when the ledger answers a read, else why not. */
  async problem(): Promise<string | null> {
    try {
      await (await this.store()).readAll({ limit: 1 });
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    await opening?.then((store) => store.close()).catch(() => undefined);
  }
}
