/** Every failure of the ledger's own rules; store failures arrive as the event store's errors. */
export class LedgerError extends Error {
  constructor(
    readonly code: 'INVALID_LEDGER_EVENT' | 'UNREADABLE_LEDGER_EVENT' | 'UNCHAINED_PREDECESSOR' | 'CATALOG_NOT_IN_LEDGER' | 'CATALOG_AMBIGUOUS' | 'INDICATOR_NOT_IN_LEDGER' | 'INVALID_CATALOG_IN_LEDGER',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LedgerError';
  }

  /** Ledger rule violations do not go away by retrying. */
  readonly retriable = false;
}
