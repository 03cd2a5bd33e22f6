import { Body, Controller, HttpCode, Inject, Param, Post, Req, UseFilters } from '@nestjs/common';
import type { GovernanceContext, KpiCatalog, LedgerEvent, StewardWriteAnswer } from '@govmetrics/contracts';
import { AlertAcknowledgementRequestSchema, AlertRuleRequestSchema, AlertRuleRetirementRequestSchema, bangkokDay } from '@govmetrics/contracts';
import type { ExpectedRevision } from '@govmetrics/event-store';
import type { LedgerEntry } from '@govmetrics/ledger';
import { AlertBoard, catalogInForce, decideAcknowledgement, decideAlertRule, decideRetirement, Ledger, LedgerError } from '@govmetrics/ledger';
import type { FastifyRequest } from 'fastify';
import { LedgerSource } from '../auditor/ledger-source';
import { StewardErrorsFilter } from '../stewards/steward-errors.filter';
import { governance, parseBody } from '../stewards/steward-writes.http.controller';

export const ALERTS_LEDGER_WRITER = Symbol('AlertsLedgerWriter');

/** The catalog the ledger holds on `day`, or undefined when it holds none of that id (the decision then refuses a forecast rule). */
function catalogOn(entries: readonly LedgerEntry[], day: string, catalogId: string): KpiCatalog | undefined {
  try {
    return catalogInForce(entries, { day, catalogId }).catalog;
  } catch (error) {
    if (error instanceof LedgerError && error.code === 'CATALOG_NOT_IN_LEDGER') return undefined;
    throw error;
  }
}

const revisionOf = (entries: readonly LedgerEntry[], stream: string): ExpectedRevision =>
  entries.filter((entry) => entry.stream === stream).at(-1)?.revision ?? 'no_stream';

/** Alert rules set and retired by stewards (and admins), alerts acknowledged by whoever is on call, as the token's subject. */
@Controller('v1')
@UseFilters(StewardErrorsFilter)
export class AlertWritesHttpController {
  constructor(@Inject(ALERTS_LEDGER_WRITER) private readonly ledger: LedgerSource) {}

  /** A rule from `effective` (default today); a forecast rule must watch a node of a catalog the ledger holds then. */
  @Post('alert-rules')
  @HttpCode(201)
  async define(@Req() request: FastifyRequest, @Body() body: unknown): Promise<StewardWriteAnswer> {
    const { ruleId, name, severity, condition, expectedVersion, reason, ...rest } = parseBody(AlertRuleRequestSchema, body);
    const effective = rest.effective ?? bangkokDay(Date.now());
    const ledger = await this.open();
    const catalogId = condition.kind === 'platform-silent' ? undefined : condition.catalogId;
    const inForce = catalogId === undefined ? undefined : catalogOn(await ledger.readAll(), effective, catalogId);
    const decision = decideAlertRule({ ruleId, name, severity, condition, effective }, inForce);
    if (!decision.ok) throw decision.error;
    return this.record(ledger, decision, governance(request, reason), expectedVersion === undefined ? 'any' : BigInt(expectedVersion));
  }

  /** The rule is no longer judged from `effective` (default today); its open alert resolves at the next evaluation. */
  @Post('alert-rules/:rule/retirements')
  @HttpCode(201)
  async retire(@Req() request: FastifyRequest, @Param('rule') ruleId: string, @Body() body: unknown): Promise<StewardWriteAnswer> {
    const command = parseBody(AlertRuleRetirementRequestSchema, body);
    const ledger = await this.open();
    const decision = decideRetirement({ ruleId, effective: command.effective ?? bangkokDay(Date.now()) }, await ledger.readAll());
    if (!decision.ok) throw decision.error;
    return this.record(ledger, decision, governance(request, command.reason), 'any');
  }

  /** Someone takes charge of a firing alert; recorded against the version read, so two people racing get one 409. */
  @Post('alerts/:alert/acknowledgements')
  @HttpCode(201)
  async acknowledge(@Req() request: FastifyRequest, @Param('alert') alertId: string, @Body() body: unknown): Promise<StewardWriteAnswer> {
    const { reason } = parseBody(AlertAcknowledgementRequestSchema, body);
    const ledger = await this.open();
    const entries = await ledger.readAll();
    const decision = decideAcknowledgement(alertId, AlertBoard.of(entries));
    if (!decision.ok) throw decision.error;
    return this.record(ledger, decision, governance(request, reason), revisionOf(entries, decision.stream));
  }

  private async open(): Promise<Ledger> {
    return new Ledger(await this.ledger.store());
  }

  private async record(ledger: Ledger, decision: { stream: string; event: LedgerEvent }, context: GovernanceContext, expected: ExpectedRevision) {
    const { nextRevision } = await ledger.record(decision.stream, decision.event, context, expected);
    return { recorded: 1, stream: decision.stream, version: String(nextRevision), who: context.who };
  }
}
