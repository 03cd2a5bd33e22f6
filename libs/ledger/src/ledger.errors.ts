/**
 * What broke a ledger rule: the store's own rules (reading, chaining), the catalog it holds, or a proposed change
 * the catalog in force refuses (`INDICATOR_NOT_IN_CATALOG` … `INVALID_REVISION`), or an alert rule or acknowledgement
 * refused (`ALERT_…`).
 */
export type LedgerErrorCode =
  | 'INVALID_LEDGER_EVENT'
  | 'UNREADABLE_LEDGER_EVENT'
  | 'UNCHAINED_PREDECESSOR'
  | 'CATALOG_NOT_IN_LEDGER'
  | 'CATALOG_AMBIGUOUS'
  | 'INDICATOR_NOT_IN_LEDGER'
  | 'INVALID_CATALOG_IN_LEDGER'
  | 'INDICATOR_NOT_IN_CATALOG'
  | 'MEASURE_MISMATCH'
  | 'ATTESTED_VALUE_NOT_SCORED'
  | 'INVALID_REVISION'
  | 'INVALID_SIGNING_KEY'
  | 'ALERT_SUBJECT_NOT_IN_CATALOG'
  | 'ALERT_NOT_FIRING'
  | 'ALERT_RULE_UNKNOWN';

/** Every failure of the ledger's own rules; store failures arrive as the event store's errors. */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LedgerError';
  }

  /** Ledger rule violations do not go away by retrying. */
  readonly retriable = false;
}
