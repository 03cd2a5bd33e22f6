import { z } from 'zod';
import { ScoreSnapshotRecordedSchema } from './ledger/ledger-events.schema';
import { DecimalSchema, Sha256HexSchema } from './ledger/ledger-metadata.schema';

/**
 * A score snapshot as published on `kpi.attainment.v1` once it is in the ledger. Delivery is at least once:
 * `ledger.stream` and `ledger.revision` identify a snapshot, so a consumer drops a repeat by them.
 */
export const KpiAttainmentSchema = z
  .object({
    ledger: z.object({ stream: z.string().min(1), revision: DecimalSchema, hash: Sha256HexSchema }).strict(),
    recordedAt: z.iso.datetime({ offset: true }),
    snapshot: ScoreSnapshotRecordedSchema,
  })
  .strict();

export type KpiAttainment = z.infer<typeof KpiAttainmentSchema>;
