import { Body, Controller, HttpCode, Inject, Param, Post, Req, UseFilters } from '@nestjs/common';
import { requestPrincipal } from '@govmetrics/auth-oidc';
import type { GovernanceContext, StewardWriteAnswer } from '@govmetrics/contracts';
import { AttestationRequestSchema, bangkokDay, CatalogImportRequestSchema, TargetRevisionRequestSchema } from '@govmetrics/contracts';
import type { ExpectedRevision } from '@govmetrics/event-store';
import { catalogInForce, decideAttestation, decideTargetRevision, importCatalog, Ledger } from '@govmetrics/ledger';
import { parseAttestations, parseCatalog } from '@govmetrics/scoring';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { LEDGER_SOURCE, type LedgerSource } from '../auditor/ledger-source';
import { StewardErrorsFilter } from './steward-errors.filter';
import { StewardRefusal } from './steward-refusal';

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  throw new StewardRefusal({ error: 'invalid_request', message });
}

/** Parsing a catalog file throws plain errors naming the rule; to a steward they are a 400 about the file sent. */
function parseFile<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new StewardRefusal({ error: 'invalid_request', message: error instanceof Error ? error.message : String(error) }, { cause: error });
  }
}

/** Who is never taken from the body: the token's subject is recorded, with the reason given. */
export const governance = (request: FastifyRequest, reason: string): GovernanceContext => ({
  who: requestPrincipal(request)?.subject ?? 'unknown',
  why: reason,
});

/** Stewards' writes to the governance ledger, over HTTP: the same pure decisions as the CLI's, as the authenticated subject. */
@Controller('v1')
@UseFilters(StewardErrorsFilter)
export class StewardWritesHttpController {
  constructor(@Inject(LEDGER_SOURCE) private readonly ledger: LedgerSource) {}

  /** Records what the catalog file states and the ledger does not yet say; importing it again records nothing. */
  @Post('catalog/import')
  @HttpCode(200)
  async importCatalog(@Req() request: FastifyRequest, @Body() body: unknown): Promise<StewardWriteAnswer> {
    const command = parseBody(CatalogImportRequestSchema, body);
    const catalog = parseFile(() => parseCatalog(command.catalog, 'catalog'));
    const attestations = command.attested === undefined ? [] : parseFile(() => parseAttestations(command.attested ?? '', 'attested').attestations);
    const context = governance(request, command.reason);
    const recorded = await importCatalog(await this.open(), catalog, attestations, context, command.effective);
    return { recorded, who: context.who };
  }

  /** A new target from `effective` (default today), recorded only if the indicator is still at `expectedVersion`. */
  @Post('targets/:indicator/revisions')
  @HttpCode(201)
  async reviseTarget(@Req() request: FastifyRequest, @Param('indicator') indicatorId: string, @Body() body: unknown): Promise<StewardWriteAnswer> {
    const command = parseBody(TargetRevisionRequestSchema, body);
    const effective = command.effective ?? bangkokDay(Date.now());
    const ledger = await this.open();
    const { catalog, version } = catalogInForce(await ledger.readAll(), { day: effective, ...(command.catalogId ? { catalogId: command.catalogId } : {}) });
    const revision = {
      catalogId: version.catalogId,
      indicatorId,
      target: command.target,
      effective,
      ...(command.measure ? { measureId: command.measure } : {}),
    };
    const decision = decideTargetRevision(revision, catalog);
    if (!decision.ok) throw decision.error;
    return this.record(ledger, decision, governance(request, command.reason), BigInt(command.expectedVersion));
  }

  /** An attested value with its evidence; with `expectedVersion`, only if the stream is still at it. */
  @Post('attestations')
  @HttpCode(201)
  async attest(@Req() request: FastifyRequest, @Body() body: unknown): Promise<StewardWriteAnswer> {
    const command = parseBody(AttestationRequestSchema, body);
    const ledger = await this.open();
    const { catalog, version } = catalogInForce(await ledger.readAll(), {
      day: command.effective,
      ...(command.catalogId ? { catalogId: command.catalogId } : {}),
    });
    const attestation = {
      catalogId: version.catalogId,
      attestedId: command.id,
      value: command.value,
      effective: command.effective,
      evidence: command.evidence,
      ...(command.unit ? { unit: command.unit } : {}),
    };
    const decision = decideAttestation(attestation, catalog);
    if (!decision.ok) throw decision.error;
    return this.record(ledger, decision, governance(request, command.reason), command.expectedVersion === undefined ? 'any' : BigInt(command.expectedVersion));
  }

  private async open(): Promise<Ledger> {
    return new Ledger(await this.ledger.store());
  }

  private async record(
    ledger: Ledger,
    decision: { stream: string; event: Parameters<Ledger['record']>[1] },
    context: GovernanceContext,
    expected: ExpectedRevision,
  ): Promise<StewardWriteAnswer> {
    const { nextRevision } = await ledger.record(decision.stream, decision.event, context, expected);
    return { recorded: 1, stream: decision.stream, version: String(nextRevision), who: context.who };
  }
}
