import type { LedgerEvent } from '@govmetrics/contracts';
import type { LedgerError } from '../ledger.errors';

/**
 * What a decision over the catalog in force concluded: the event to record on which stream, or the rule it broke.
 * Branch on `ok` (as on zod's `safeParse`); recording it, with the caller's expected version, is the caller's.
 */
export type Decision<E extends LedgerEvent> = { ok: true; stream: string; event: E } | { ok: false; error: LedgerError };
