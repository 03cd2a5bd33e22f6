import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { DecimalSchema, ValueAttestedSchema } from './ledger';

// Who is never in a body: the gateway records the authenticated token's subject.
const why = { reason: z.string().min(1).max(2000).describe('Why the change is made; the ledger keeps it beside who made it') };

/** `POST /v1/catalog/import`: a KPI catalog file's text (YAML or JSON), and optionally its attested values' file. */
export const CatalogImportRequestSchema = z
  .object({ catalog: z.string().min(1).max(1_000_000), attested: z.string().max(1_000_000).optional(), effective: BangkokDaySchema.optional(), ...why })
  .strict();

/** `POST /v1/targets/{indicator}/revisions`: a new target from `effective`, decided against the indicator's version the steward read. */
export const TargetRevisionRequestSchema = z
  .object({
    target: z.json(),
    expectedVersion: DecimalSchema.describe("The indicator stream's version read (ledger history); a stale one is answered 409"),
    measure: z.string().min(1).optional(),
    effective: BangkokDaySchema.optional(),
    catalogId: z.string().min(1).optional(),
    ...why,
  })
  .strict();

/** `POST /v1/attestations`: a value a steward vouches for, with its evidence. */
export const AttestationRequestSchema = z
  .object({
    id: z.string().min(1),
    value: z.number().finite(),
    effective: BangkokDaySchema,
    unit: z.string().min(1).max(64).optional(),
    evidence: ValueAttestedSchema.shape.evidence,
    expectedVersion: DecimalSchema.optional(),
    catalogId: z.string().min(1).optional(),
    ...why,
  })
  .strict();

/** What a steward's write recorded: how many events, on which stream and at which version, as whom. */
export const StewardWriteAnswerSchema = z
  .object({ recorded: z.number().int().min(0), stream: z.string().optional(), version: DecimalSchema.optional(), who: z.string() })
  .strict();

/** A steward's write refused: invalid request (400), a proposal the catalog rules refuse (422), a stale version (409, naming the stream's). */
export const StewardErrorSchema = z
  .object({
    error: z.enum(['invalid_request', 'refused', 'stale_version']),
    message: z.string(),
    stream: z.string().optional(),
    currentVersion: z.string().optional(),
  })
  .strict();

export type CatalogImportRequest = z.infer<typeof CatalogImportRequestSchema>;
export type TargetRevisionRequest = z.infer<typeof TargetRevisionRequestSchema>;
export type AttestationRequest = z.infer<typeof AttestationRequestSchema>;
export type StewardWriteAnswer = z.infer<typeof StewardWriteAnswerSchema>;
export type StewardError = z.infer<typeof StewardErrorSchema>;
