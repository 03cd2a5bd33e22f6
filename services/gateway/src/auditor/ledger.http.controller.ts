import { Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import type { LedgerHistoryAnswer, LedgerVerificationAnswer } from '@govmetrics/contracts';
import { LedgerHistoryQuerySchema, LedgerVerifyQuerySchema } from '@govmetrics/contracts';
import { catalogChange, catalogHistory, catalogIdOf, verificationAnswer, verifyLedger } from '@govmetrics/ledger';
import { parseQuery } from '../parse-query';
import { AuditorErrorsFilter } from './auditor-errors.filter';
import { LEDGER_SOURCE, type LedgerSource } from './ledger-source';
import { SignedHeadsFeed } from './signed-heads.feed';

export const LEDGER_VERIFIED = Symbol('LedgerVerified');

/** Auditors: the ledger's hash chains and the catalog's history, read-only. */
@Controller('v1/ledger')
@UseFilters(AuditorErrorsFilter)
export class LedgerHttpController {
  constructor(
    @Inject(LEDGER_SOURCE) private readonly ledger: LedgerSource,
    @Inject(SignedHeadsFeed) private readonly signedHeads: SignedHeadsFeed,
    @Inject(LEDGER_VERIFIED) private readonly verified: (ok: boolean) => void,
  ) {}

  /**
   * Every stream's head, or the first broken link (`ledger verify --json`). A broken chain is answered 200 with
   * `ok: false`: it is what the auditor asked to know about the data, not a failure of the gateway. With verify keys,
   * the heads of every signed document published are anchors, and `signedHeads` says what was trusted and refused.
   */
  @Get('verify')
  async verify(@Query() query: unknown): Promise<LedgerVerificationAnswer> {
    parseQuery(LedgerVerifyQuerySchema, query);
    const signed = this.signedHeads.collection();
    const verdict = await verifyLedger(await this.ledger.store(), { anchors: signed?.anchors() ?? [] });
    const answer = verificationAnswer(verdict, signed?.check());
    this.verified(answer.ok);
    return answer;
  }

  /** Who changed what in the catalog, when, effective from which day, and why (`ledger history [ID] --json`). */
  @Get('history')
  async history(@Query() query: unknown): Promise<LedgerHistoryAnswer> {
    const { catalog, indicator } = parseQuery(LedgerHistoryQuerySchema, query);
    const entries = await this.ledger.entries();
    const catalogId = catalogIdOf(entries, catalog);
    return { catalog: catalogId, indicator: indicator ?? null, changes: catalogHistory(entries, catalogId, indicator).map(catalogChange) };
  }
}
