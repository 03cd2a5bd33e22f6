import { z } from 'zod';

/** Rule of `GET /v1/events/:id`'s 404: the ingest holds no acceptance of that (source, id). */
export const EVENT_NOT_ACCEPTED_RULE = 'event_not_accepted';

/**
 * `GET /v1/events/:id?source=`: which of the platform's sources the id belongs to. Absent: the platform's own URN;
 * present: that URN or one of its instances (`urn:dga:platform:<platform>/<instance>`), never another platform's.
 */
export const EventRecordQuerySchema = z.object({ source: z.string().min(1).max(256).optional() }).strict();

/**
 * What the ingest recorded for one (source, id): it was accepted (durable in Kafka) at `acceptedAt`, with the digest of
 * its canonical content (a resend with another digest is `rejected`, the same digest a `duplicate`). Rejected events
 * leave no record: an id that was only ever rejected is answered 404 like one never sent.
 */
export const EventRecordSchema = z
  .object({
    source: z.string(),
    id: z.string(),
    status: z.literal('accepted'),
    acceptedAt: z.string().describe('ISO 8601, when the ingest first accepted it'),
    contentDigest: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .describe("The first 16 bytes of the SHA-256 of the event's canonical content, hex"),
  })
  .strict();

export type EventRecordQuery = z.infer<typeof EventRecordQuerySchema>;
export type EventRecord = z.infer<typeof EventRecordSchema>;
