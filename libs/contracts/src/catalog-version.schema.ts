import { z } from 'zod';
import { BangkokDaySchema } from './bangkok-time';
import { IdSchema } from './id.schema';
import { DecimalSchema, Sha256HexSchema } from './ledger/ledger-metadata.schema';

/** Which catalog the ledger gave: the same `as-of` and `known-at` give the same digest. */
export const CatalogVersionSchema = z
  .object({
    catalogId: IdSchema,
    day: BangkokDaySchema,
    /** `null`: everything the ledger held when read. */
    knownAt: z.iso.datetime({ offset: true }).nullable(),
    /** The latest-recorded event among those in force. */
    lastChange: z.object({ stream: z.string(), revision: DecimalSchema, position: DecimalSchema, when: z.string(), who: z.string(), why: z.string() }).strict(),
    /** SHA-256 of the canonical JSON of the catalog and attested values in force: equal digests, equal inputs. */
    digest: Sha256HexSchema,
    /** How many ledger events the catalog in force is made of. */
    events: z.number().int().nonnegative(),
  })
  .strict();

export type CatalogVersion = z.infer<typeof CatalogVersionSchema>;
